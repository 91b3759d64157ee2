package dev.diffsearch.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS for the tests: a name node and a data node in this JVM (Hadoop's MiniDFSCluster, the Hadoop version
 * Spark ships), on 127.0.0.1, storing under a directory of the test's. Executors in other JVMs reach it at
 * {@link #uri}.
 */
final class Hdfs implements AutoCloseable {

  private final MiniDFSCluster cluster;

  Hdfs(Path dir) throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toAbsolutePath().toString());
    conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
    conf.setBoolean("dfs.permissions.enabled", false);
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
    cluster.waitActive();
  }

  /** {@code hdfs://127.0.0.1:PORT/path}. */
  String uri(String path) {
    return "hdfs://127.0.0.1:" + cluster.getNameNodePort() + "/" + path.replaceFirst("^/", "");
  }

  /** Copies the HDFS directory {@code path} down into {@code local} (to compare its files). */
  Path download(String path, Path local) throws IOException {
    FileSystem fs = cluster.getFileSystem();
    Files.createDirectories(local.getParent());
    fs.copyToLocalFile(false, new org.apache.hadoop.fs.Path(URI.create(uri(path))),
        new org.apache.hadoop.fs.Path(local.toAbsolutePath().toUri()), true);
    return local;
  }

  /** Copies the local file or directory {@code local} up as {@code path}. */
  void upload(Path local, String path) throws IOException {
    cluster.getFileSystem().copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toAbsolutePath().toUri()),
        new org.apache.hadoop.fs.Path(URI.create(uri(path))));
  }

  /** Whether {@code path} exists there. */
  boolean exists(String path) throws IOException {
    return cluster.getFileSystem().exists(new org.apache.hadoop.fs.Path(URI.create(uri(path))));
  }

  /** Removes {@code path} there. */
  void delete(String path) throws IOException {
    cluster.getFileSystem().delete(new org.apache.hadoop.fs.Path(URI.create(uri(path))), true);
  }

  @Override
  public void close() {
    cluster.shutdown();
  }
}
