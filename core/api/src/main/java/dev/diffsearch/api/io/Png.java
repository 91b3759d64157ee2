package dev.diffsearch.api.io;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Writes samples in the model's data range [−1, 1] as 8-bit PNG (1 channel grey, 3 channels RGB) and
 * reads them back ({@link #read}).
 */
public final class Png {

  private Png() {}

  /** PNG bytes of one sample, data in C·H·W order. */
  public static byte[] encode(float[] chw, int channels, int height, int width) {
    BufferedImage image =
        new BufferedImage(width, height, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    int plane = height * width;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        if (channels == 1) {
          int v = toByte(chw[i]);
          image.getRaster().setSample(x, y, 0, v);
        } else {
          int r = toByte(chw[i]);
          int g = toByte(chw[plane + i]);
          int b = toByte(chw[2 * plane + i]);
          image.setRGB(x, y, (r << 16) | (g << 8) | b);
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A PNG file as one sample in [−1, 1], C·H·W order (v/127.5 − 1 per 8-bit value): {@code channels} 1 reads
   * grey (an RGB file's channel mean), 3 reads RGB (a grey file's value on all three). A missing or unreadable
   * file, or one of another size, is an IOException naming the file.
   */
  public static float[] read(java.nio.file.Path file, int channels, int height, int width) throws IOException {
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new IOException(file + ": no such image");
    }
    BufferedImage img = ImageIO.read(file.toFile());
    if (img == null) {
      throw new IOException(file + ": not a readable image");
    }
    if (img.getWidth() != width || img.getHeight() != height) {
      throw new IOException(file + ": is " + img.getWidth() + "x" + img.getHeight() + ", expected " + width + "x" + height);
    }
    boolean grey = img.getRaster().getNumBands() == 1;
    int plane = height * width;
    float[] out = new float[channels * plane];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        int rgb = grey ? 0 : img.getRGB(x, y);
        int[] v = grey ? new int[] {img.getRaster().getSample(x, y, 0)}
            : new int[] {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
        if (channels == 1) {
          out[i] = Idx.scale(grey ? v[0] : (v[0] + v[1] + v[2]) / 3);
        } else {
          for (int c = 0; c < channels; c++) {
            out[c * plane + i] = Idx.scale(v[grey ? 0 : c]);
          }
        }
      }
    }
    return out;
  }

  /** [−1, 1] → 0..255, rounded and clamped. */
  static int toByte(float v) {
    long q = Math.round((v + 1.0) * 127.5);
    return (int) Math.max(0, Math.min(255, q));
  }

  /** A grid of samples (rows × cols tiles, data [N, C, H, W] flattened) as one PNG. */
  public static byte[] grid(float[] samples, int n, int channels, int height, int width, int cols) {
    int rows = (n + cols - 1) / cols;
    int size = channels * height * width;
    float[] canvas = new float[channels * rows * height * cols * width];
    java.util.Arrays.fill(canvas, -1f);
    int gw = cols * width;
    int gh = rows * height;
    for (int k = 0; k < n; k++) {
      int r = k / cols;
      int c = k % cols;
      for (int ch = 0; ch < channels; ch++) {
        for (int y = 0; y < height; y++) {
          System.arraycopy(
              samples, k * size + ch * height * width + y * width,
              canvas, ch * gh * gw + (r * height + y) * gw + c * width, width);
        }
      }
    }
    return encode(canvas, channels, gh, gw);
  }
}
