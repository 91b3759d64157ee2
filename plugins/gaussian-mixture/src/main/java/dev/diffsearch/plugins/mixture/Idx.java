package dev.diffsearch.plugins.mixture;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads the gzip IDX files of MNIST-style datasets (magic 0x0803 images, 0x0801 labels). */
final class Idx {

  private Idx() {}

  /** Images as [N][rows·cols] bytes 0..255. */
  static byte[][] images(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != 0x00000803) {
        throw new IOException(file + ": not an IDX image file (magic " + Integer.toHexString(magic) + ")");
      }
      int n = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      byte[][] out = new byte[n][rows * cols];
      for (int i = 0; i < n; i++) {
        in.readFully(out[i]);
      }
      return out;
    } catch (EOFException e) {
      throw new IOException(file + ": truncated IDX file");
    } catch (java.util.zip.ZipException e) {
      throw new IOException(file + ": corrupt gzip data (" + e.getMessage() + ")");
    }
  }

  /** Labels as ints. */
  static int[] labels(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != 0x00000801) {
        throw new IOException(file + ": not an IDX label file (magic " + Integer.toHexString(magic) + ")");
      }
      int n = in.readInt();
      byte[] raw = new byte[n];
      in.readFully(raw);
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        out[i] = raw[i] & 0xff;
      }
      return out;
    } catch (EOFException e) {
      throw new IOException(file + ": truncated IDX file");
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file + " (install it with: apt-get install -y dataset-fashion-mnist)");
    }
    InputStream raw = Files.newInputStream(file);
    try {
      return new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(raw)));
    } catch (IOException e) {
      raw.close();
      throw new IOException(file + ": not a gzip IDX file (" + e.getMessage() + ")");
    }
  }
}
