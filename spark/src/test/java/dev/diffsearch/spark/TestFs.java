package dev.diffsearch.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A Hadoop file system of its own scheme, {@code testfs:///PATH}, over the local disk: what the tests give as a
 * "remote" sweep or run directory. Nothing but Hadoop's {@code FileSystem} API can read or write it (java.nio
 * knows no such scheme), so a test that passes through it shows the code reaches the shared directory only
 * through Hadoop, as it must for {@code hdfs://} or {@code s3a://}. Registered with
 * {@code spark.hadoop.fs.testfs.impl}.
 */
public class TestFs extends RawLocalFileSystem {

  static final String SCHEME = "testfs";

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  /** {@code testfs://} + {@code path}. */
  static String uri(java.nio.file.Path path) {
    return SCHEME + "://" + path.toAbsolutePath();
  }

  /** Makes Spark jobs started from this JVM (and their executors) know the scheme. */
  static void register() {
    System.setProperty("spark.hadoop.fs." + SCHEME + ".impl", TestFs.class.getName());
  }
}
