package dev.diffsearch.api.io;

import java.io.IOException;
import java.nio.file.Path;

/** A missing, unreadable or malformed IDX file; the message is one line and names the file. */
public final class IdxException extends IOException {

  private final transient Path file;

  public IdxException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
