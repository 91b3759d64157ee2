package dev.diffsearch.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.util.SerializableConfiguration;

/**
 * A directory on a Hadoop-compatible file system ({@code hdfs://}, {@code s3a://}, {@code file://}, ...) that the
 * driver and the executors share, read and written through Hadoop's {@link FileSystem} with the job's Hadoop
 * configuration (what {@code spark.hadoop.*} settings and the cluster's {@code core-site.xml} say). Runs are not
 * written there directly: a unit runs in a local directory and its finished run directory is copied up under a
 * temporary name and renamed into place, so a run directory that is there is complete.
 */
final class SharedDir implements Serializable {

  private static final long serialVersionUID = 1L;
  private final String uri;
  private final SerializableConfiguration conf;
  private transient FileSystem fs;

  SharedDir(URI uri, Configuration conf) {
    this.uri = uri.toString().replaceAll("/+$", "");
    this.conf = new SerializableConfiguration(conf);
  }

  /** The directory's URI, as given (without a trailing slash). */
  String uri() {
    return uri;
  }

  private synchronized FileSystem fs() throws IOException {
    if (fs == null) {
      fs = FileSystem.get(URI.create(uri), conf.value());
    }
    return fs;
  }

  private Path at(String relative) {
    return relative.isEmpty() ? new Path(uri) : new Path(uri + "/" + relative);
  }

  /** Whether {@code relative} (a file or a directory under this one) exists. */
  boolean exists(String relative) throws IOException {
    return fs().exists(at(relative));
  }

  /**
   * Copies the file {@code relative} to {@code local} when it exists (whole or not at all: a reader of {@code local}
   * never sees half of it); returns whether it did.
   */
  boolean download(String relative, java.nio.file.Path local) throws IOException {
    Path from = at(relative);
    if (!fs().exists(from)) {
      return false;
    }
    Files.createDirectories(local.toAbsolutePath().getParent());
    java.nio.file.Path partial = local.resolveSibling(local.getFileName() + ".part-" + UUID.randomUUID());
    try (var in = fs().open(from)) {
      Files.copy(in, partial);
      Files.move(partial, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
    return true;
  }

  /** Copies the directory {@code relative} and all it holds into {@code local} (created). */
  void downloadTree(String relative, java.nio.file.Path local) throws IOException {
    Files.createDirectories(local);
    for (var status : fs().listStatus(at(relative))) {
      String name = status.getPath().getName();
      String child = relative.isEmpty() ? name : relative + "/" + name;
      if (status.isDirectory()) {
        downloadTree(child, local.resolve(name));
      } else {
        download(child, local.resolve(name));
      }
    }
  }

  /**
   * Writes {@code bytes} as the file {@code relative}, replacing it (the directory is created when missing). One
   * write at a time: two overlapping writes of a file (the driver rewrites results.csv from its listener thread and
   * its own) make HDFS revoke the first one's lease.
   */
  synchronized void write(String relative, byte[] bytes) throws IOException {
    try (OutputStream out = fs().create(at(relative), true)) {
      out.write(bytes);
    }
  }

  /**
   * Copies the local directory {@code local} up as {@code relative}: under a temporary name first, then renamed into
   * place, so that {@code relative} is there whole or not at all. When another attempt put it there first (a
   * speculative or retried task) that copy is kept and this one dropped. Returns whether this copy was put there.
   */
  boolean uploadTree(java.nio.file.Path local, String relative) throws IOException {
    Path target = at(relative);
    Path temporary = at(relative + ".part-" + UUID.randomUUID());
    fs().mkdirs(target.getParent());
    fs().copyFromLocalFile(false, true, new Path(local.toAbsolutePath().toUri()), temporary);
    // (a rename onto an existing directory would move the copy into it: look first)
    if (!fs().exists(target) && fs().rename(temporary, target)) {
      return true;
    }
    fs().delete(temporary, true);
    if (fs().exists(target)) {
      return false;
    }
    throw new IOException("could not move " + temporary + " to " + target);
  }

  /** What makes a unit's run directory in a local directory (resuming what an earlier attempt there began). */
  interface Producer {
    void run() throws IOException;
  }

  /**
   * A unit whose finished run directory belongs at {@code relative}: "kept" when its {@code marker} file is there
   * already; else {@code producer} makes it in {@code local}, which is copied up whole ({@link #uploadTree}) and
   * removed: "ran".
   */
  String produce(String relative, String marker, java.nio.file.Path local, Producer producer) throws IOException {
    if (exists(relative + "/" + marker)) {
      return "kept";
    }
    producer.run();
    uploadTree(local, relative);
    dev.diffsearch.core.run.RunStore.deleteTree(local);
    return "ran";
  }

  /** Removes {@code relative} and all it holds, when there. */
  void delete(String relative) throws IOException {
    fs().delete(at(relative), true);
  }
}
