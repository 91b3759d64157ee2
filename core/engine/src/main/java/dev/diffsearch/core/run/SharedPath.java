package dev.diffsearch.core.run;

import dev.diffsearch.api.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * A sweep or run directory on a Hadoop-compatible file system ({@code hdfs://HOST/PATH}, {@code s3a://BUCKET/PATH},
 * ...), which only a cluster engine (Spark) reads and writes, and the local directory on the driver that mirrors
 * what the driver reads of it (results, summaries, the parts it merges). The mirror is a directory of the JVM's
 * temporary directory named after the path, rebuilt from the shared directory each time.
 */
public record SharedPath(URI uri, Path mirror) {

  /** Whether {@code out} names a Hadoop path ({@code SCHEME://...}) rather than a local one. */
  public static boolean isHadoopPath(String out) {
    return out.matches("[A-Za-z][A-Za-z0-9+.-]*://.*");
  }

  /**
   * {@code out} as a shared path, or null when it is a local one; {@code where} names it in an error (the option,
   * or the file and key).
   */
  public static SharedPath parse(String out, String where) {
    if (!isHadoopPath(out)) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(out.replaceAll("/+$", ""));
    } catch (URISyntaxException e) {
      throw new ConfigException(where, "'" + out + "' is not a valid URI: " + e.getReason());
    }
    if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")) {
      throw new ConfigException(where, "'" + out + "' names no directory (give SCHEME://HOST/PATH)");
    }
    Path mirror = Path.of(System.getProperty("java.io.tmpdir"), "diffsearch-shared",
        Integer.toHexString(uri.toString().hashCode()) + "-" + uri.getPath().replaceAll(".*/", ""));
    return new SharedPath(uri, mirror);
  }
}
