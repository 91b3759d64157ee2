package dev.diffsearch.api.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** NumPy {@code .npy} format version 1.0, little-endian float32 ({@code '<f4'}), C order. */
public final class Npy {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  /** An array read from a file: its shape and data. */
  public record Array(long[] shape, float[] data) {}

  private Npy() {}

  public static byte[] encode(float[] data, long... shape) {
    long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    if (n != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
    }
    StringBuilder dims = new StringBuilder();
    for (long d : shape) {
      dims.append(d).append(", ");
    }
    String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeText + ", }";
    int headerLen = dict.length() + 1; // trailing newline
    int total = MAGIC.length + 2 + 2 + headerLen;
    int pad = (64 - total % 64) % 64;
    StringBuilder header = new StringBuilder(dict);
    header.append(" ".repeat(pad)).append('\n');
    byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + h.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h);
    buf.asFloatBuffer().put(data);
    return buf.array();
  }

  public static void write(Path file, float[] data, long... shape) throws IOException {
    Files.write(file, encode(data, shape));
  }

  public static Array read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return decode(bytes, file.toString());
  }

  /**
   * The array in {@code bytes}; anything else (another dtype, a header that runs past the end, a shape
   * that does not fit the data) is an {@link IllegalArgumentException} with a one-line message that
   * starts with {@code origin}.
   */
  public static Array decode(byte[] bytes, String origin) {
    if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
      throw new IllegalArgumentException(origin + ": not a .npy file");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int major = bytes[6];
    long headerLen;
    int offset;
    if (major == 1) {
      headerLen = Short.toUnsignedInt(buf.getShort(8));
      offset = 10;
    } else if ((major == 2 || major == 3) && bytes.length >= 12) {
      headerLen = Integer.toUnsignedLong(buf.getInt(8));
      offset = 12;
    } else {
      throw new IllegalArgumentException(origin + ": unsupported .npy format version " + major);
    }
    if (offset + headerLen > bytes.length) {
      throw new IllegalArgumentException(
          origin + ": header length " + headerLen + " runs past the end of the file (" + bytes.length + " bytes)");
    }
    String header = new String(bytes, offset, (int) headerLen, StandardCharsets.US_ASCII);
    if (!header.contains("'<f4'")) {
      throw new IllegalArgumentException(origin + ": only little-endian float32 ('<f4') is supported, header " + oneLine(header));
    }
    if (header.contains("'fortran_order': True")) {
      throw new IllegalArgumentException(origin + ": Fortran-ordered arrays are not supported");
    }
    Matcher m = SHAPE.matcher(header);
    if (!m.find()) {
      throw new IllegalArgumentException(origin + ": no shape in header " + oneLine(header));
    }
    long[] shape;
    long n = 1;
    try {
      shape = Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .mapToLong(Long::parseLong).toArray();
      for (long d : shape) {
        if (d < 0) {
          throw new NumberFormatException();
        }
        n = Math.multiplyExact(n, d);
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(origin + ": bad shape (" + oneLine(m.group(1)) + ") in header");
    }
    long dataStart = offset + headerLen;
    long dataBytes = bytes.length - dataStart;
    if (dataBytes % 4 != 0 || dataBytes / 4 != n) {
      throw new IllegalArgumentException(origin + ": expected " + n + " floats, file holds "
          + (dataBytes % 4 == 0 ? dataBytes / 4 : dataBytes + " bytes of data"));
    }
    float[] data = new float[(int) n];
    ByteBuffer.wrap(bytes, (int) dataStart, 4 * (int) n).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
    return new Array(shape, data);
  }

  /** Header text for a one-line message: control characters as spaces, at most 120 characters. */
  private static String oneLine(String text) {
    String s = text.replaceAll("\\p{Cntrl}", " ").trim();
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
