package dev.diffsearch.api.io;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;

/**
 * Reads a resource of a plugin's jar (shipped weights, reference statistics) on a stream of its own.
 *
 * <p>{@code Class.getResourceAsStream} reads a jar through the JDK's cache of open jar files, one per jar path
 * for the whole JVM, and a plugin class loader that closes (the engine unloads a run's plugins when the run
 * ends) closes the cached jar file it used, and with it every stream that another class loader of the same
 * jar is reading: "Stream closed", whenever two runs share a JVM, as the conditions of a sweep with
 * {@code --parallel} do. A stream from here opens the jar for itself and closes it with the stream.
 */
public final class Resources {

  private Resources() {}

  /**
   * The resource {@code name} (resolved as {@link Class#getResource} does: relative to {@code owner}'s package
   * unless it starts with '/'), or null when there is none.
   */
  public static InputStream open(Class<?> owner, String name) throws IOException {
    return open(owner.getResource(name));
  }

  /** The resource at {@code url} (e.g. a class loader's {@code getResource}), or null when {@code url} is null. */
  public static InputStream open(URL url) throws IOException {
    if (url == null) {
      return null;
    }
    URLConnection c = url.openConnection();
    c.setUseCaches(false);
    return c.getInputStream();
  }
}
