package dev.diffsearch.api.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader for the IDX files of MNIST-style datasets, gzip-compressed or plain. The header is checked in
 * full: two zero bytes, the element type (0x08, unsigned byte), the number of dimensions (3 for images,
 * 1 for labels), positive sizes, then exactly as many data bytes as the sizes promise and nothing after
 * them. Every failure is an {@link IdxException} with a one-line message that names the file; a caller
 * that knows where the files come from passes an install hint for the missing-file message. Plugins
 * share this reader through core (the Fashion-MNIST model and the mixture fit read the same files).
 */
public final class Idx {

  private static final int UNSIGNED_BYTE = 0x08;
  private static final int MAX_SIDE = 1 << 14;
  private static final long MAX_BYTES = Integer.MAX_VALUE - 64L;

  private Idx() {}

  /**
   * Images of an IDX3 file.
   *
   * @param pixels {@code count·rows·cols} raw bytes 0..255, image after image, row-major
   */
  public record Images(int count, int rows, int cols, byte[] pixels) {

    /** Pixels of one image. */
    public int size() {
      return rows * cols;
    }

    /** Image {@code i} scaled to [−1, 1] with {@code x = p/127.5 − 1}. */
    public float[] scaled(int i) {
      float[] out = new float[size()];
      int base = i * size();
      for (int j = 0; j < out.length; j++) {
        out[j] = scale(pixels[base + j] & 0xff);
      }
      return out;
    }

    /** All images scaled to [−1, 1], flattened {@code [count, rows·cols]}. */
    public float[] scaledAll() {
      float[] out = new float[pixels.length];
      for (int j = 0; j < out.length; j++) {
        out[j] = scale(pixels[j] & 0xff);
      }
      return out;
    }
  }

  /** The data convention of the plugins (Fashion-MNIST model and mixture): pixel 0..255 → {@code p/127.5 − 1}. */
  public static float scale(int pixel) {
    return pixel / 127.5f - 1f;
  }

  /** Reads an image file (IDX, 3 dimensions: count, rows, cols). */
  public static Images readImages(Path file) throws IdxException {
    return readImages(file, null);
  }

  /**
   * Reads an image file; a missing file's message ends with {@code (install it with: HINT)}.
   *
   * @param installHint how to get the file (e.g. an apt command), or null
   */
  public static Images readImages(Path file, String installHint) throws IdxException {
    try (DataInputStream in = open(file, installHint)) {
      int[] dims = header(file, in, 3);
      long total = (long) dims[0] * dims[1] * dims[2];
      if (dims[1] > MAX_SIDE || dims[2] > MAX_SIDE || total > MAX_BYTES) {
        throw new IdxException(file, "implausible image dimensions " + dims[0] + "x" + dims[1] + "x" + dims[2]);
      }
      byte[] pixels = body(file, in, (int) total);
      return new Images(dims[0], dims[1], dims[2], pixels);
    } catch (IdxException e) {
      throw e;
    } catch (IOException e) {
      throw wrap(file, e);
    }
  }

  /** Reads a label file (IDX, 1 dimension: count); labels as ints 0..255. */
  public static int[] readLabels(Path file) throws IdxException {
    return readLabels(file, null);
  }

  /** Reads a label file; {@code installHint} as for {@link #readImages(Path, String)}. */
  public static int[] readLabels(Path file, String installHint) throws IdxException {
    try (DataInputStream in = open(file, installHint)) {
      int[] dims = header(file, in, 1);
      if (dims[0] > MAX_BYTES) {
        throw new IdxException(file, "implausible label count " + dims[0]);
      }
      byte[] raw = body(file, in, dims[0]);
      int[] out = new int[raw.length];
      for (int i = 0; i < raw.length; i++) {
        out[i] = raw[i] & 0xff;
      }
      return out;
    } catch (IdxException e) {
      throw e;
    } catch (IOException e) {
      throw wrap(file, e);
    }
  }

  private static IdxException wrap(Path file, IOException e) {
    if (e instanceof ZipException) {
      return new IdxException(file, "corrupt gzip data (" + e.getMessage() + ")");
    }
    if (e instanceof EOFException) {
      return new IdxException(file, "truncated (gzip stream or header ends early)");
    }
    return new IdxException(file, "cannot read (" + oneLine(e.getMessage()) + ")");
  }

  private static String oneLine(String s) {
    return s == null ? "I/O error" : s.replaceAll("\\s+", " ").trim();
  }

  private static int[] header(Path file, DataInputStream in, int expectedDims) throws IOException {
    int z0 = in.read();
    int z1 = in.read();
    int type = in.read();
    int ndim = in.read();
    if (ndim < 0) {
      throw new IdxException(file, "truncated: shorter than the 4-byte IDX magic");
    }
    if (z0 != 0 || z1 != 0) {
      throw new IdxException(file, String.format("not an IDX file (magic %02x%02x%02x%02x)", z0, z1, type, ndim));
    }
    if (type != UNSIGNED_BYTE) {
      throw new IdxException(file, String.format("unsupported IDX element type 0x%02x (expected 0x08, unsigned byte)", type));
    }
    if (ndim != expectedDims) {
      String what = expectedDims == 3 ? "an image file" : "a label file";
      throw new IdxException(file, "has " + ndim + " dimensions; " + what + " has " + expectedDims);
    }
    int[] dims = new int[ndim];
    for (int i = 0; i < ndim; i++) {
      dims[i] = in.readInt();
      if (dims[i] <= 0) {
        throw new IdxException(file, "bad header: dimension " + i + " is " + dims[i]);
      }
    }
    return dims;
  }

  private static byte[] body(Path file, DataInputStream in, int length) throws IOException {
    byte[] out = new byte[length];
    int got = in.readNBytes(out, 0, length);
    if (got < length) {
      throw new IdxException(file, "truncated: header promises " + length + " data bytes, file has " + got);
    }
    if (in.read() >= 0) {
      throw new IdxException(file, "trailing data after the " + length + " bytes the header promises");
    }
    return out;
  }

  private static DataInputStream open(Path file, String installHint) throws IOException {
    if (!Files.exists(file)) {
      throw new IdxException(file, "no such file" + (installHint == null ? "" : " (install it with: " + installHint + ")"));
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IdxException(file, "not a readable file");
    }
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
      }
      return new DataInputStream(raw);
    } catch (IOException e) {
      raw.close();
      throw wrap(file, e);
    }
  }
}
