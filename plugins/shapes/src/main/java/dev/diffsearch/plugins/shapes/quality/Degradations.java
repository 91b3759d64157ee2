package dev.diffsearch.plugins.shapes.quality;

import dev.diffsearch.plugins.shapes.world.Canvas;
import java.util.SplittableRandom;

/**
 * Graded damage to a render, the "low quality" of the aesthetic analog: blur, pixel noise, clutter (stray
 * specks and strokes of palette colours) and broken shapes (holes bitten out of the objects). A grade in
 * [0, 1] sets how much of each kind of damage is done; the quality the predictor learns is
 * {@code 10·(1 − grade)} (LAION's aesthetic scale runs 1–10).
 */
public final class Degradations {

  private static final int S = Canvas.SIZE;
  private static final int PLANE = S * S;

  private Degradations() {}

  /** The quality of a render damaged at {@code grade}. */
  public static double quality(double grade) {
    return 10.0 * (1.0 - grade);
  }

  /** {@code image} (C·H·W in [−1, 1]) damaged at {@code grade}: each kind of damage drawn with that severity. */
  public static float[] degrade(float[] image, double grade, SplittableRandom random) {
    float[] x = image.clone();
    if (grade <= 0) {
      return x;
    }
    // which kinds of damage this image gets: at least one, each at the grade's strength
    boolean blur = random.nextDouble() < 0.5;
    boolean noise = random.nextDouble() < 0.5;
    boolean clutter = random.nextDouble() < 0.5;
    boolean holes = random.nextDouble() < 0.5 || !(blur || noise || clutter);
    if (holes) {
      holes(x, image, grade, random);
    }
    if (clutter) {
      clutter(x, grade, random);
    }
    if (blur) {
      x = blur(x, grade);
    }
    if (noise) {
      double sigma = 0.5 * grade;
      for (int i = 0; i < x.length; i++) {
        x[i] = clamp(x[i] + (float) (sigma * gaussian(random)));
      }
    }
    return x;
  }

  /** Bites background-coloured holes out of the objects' pixels: up to 6 holes of up to 4×4 at grade 1. */
  private static void holes(float[] x, float[] image, double grade, SplittableRandom random) {
    float bg = Canvas.toUnit(Canvas.BACKGROUND);
    int n = 1 + (int) Math.round(5 * grade);
    int size = 1 + (int) Math.round(3 * grade);
    for (int k = 0; k < n; k++) {
      int at = objectPixel(image, bg, random);
      if (at < 0) {
        return;
      }
      int cx = at % S;
      int cy = at / S;
      for (int y = cy; y < Math.min(S, cy + size); y++) {
        for (int xx = cx; xx < Math.min(S, cx + size); xx++) {
          for (int c = 0; c < Canvas.CHANNELS; c++) {
            x[c * PLANE + y * S + xx] = bg;
          }
        }
      }
    }
  }

  /** A random pixel that is not background in {@code image}, or −1 (after 200 tries). */
  private static int objectPixel(float[] image, float bg, SplittableRandom random) {
    for (int t = 0; t < 200; t++) {
      int i = random.nextInt(PLANE);
      if (image[i] != bg || image[PLANE + i] != bg || image[2 * PLANE + i] != bg) {
        return i;
      }
    }
    return -1;
  }

  /** Stray specks and short strokes in random palette colours: up to 12 at grade 1. */
  private static void clutter(float[] x, double grade, SplittableRandom random) {
    int n = 1 + (int) Math.round(11 * grade);
    dev.diffsearch.plugins.shapes.world.Colour[] palette = dev.diffsearch.plugins.shapes.world.Colour.values();
    for (int k = 0; k < n; k++) {
      var colour = palette[random.nextInt(palette.length)];
      int px = random.nextInt(S);
      int py = random.nextInt(S);
      int length = 1 + random.nextInt(4);
      boolean horizontal = random.nextBoolean();
      for (int j = 0; j < length; j++) {
        int xx = horizontal ? Math.min(S - 1, px + j) : px;
        int yy = horizontal ? py : Math.min(S - 1, py + j);
        int i = yy * S + xx;
        x[i] = Canvas.toUnit(colour.r());
        x[PLANE + i] = Canvas.toUnit(colour.g());
        x[2 * PLANE + i] = Canvas.toUnit(colour.b());
      }
    }
  }

  /** A box blur of radius 1 (grade ≤ 0.5) or 2, mixed with the image by the grade. */
  private static float[] blur(float[] x, double grade) {
    int r = grade <= 0.5 ? 1 : 2;
    float mix = (float) Math.min(1.0, 0.4 + grade);
    float[] out = new float[x.length];
    for (int c = 0; c < Canvas.CHANNELS; c++) {
      for (int y = 0; y < S; y++) {
        for (int xx = 0; xx < S; xx++) {
          double sum = 0;
          int count = 0;
          for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
              int yy = y + dy;
              int xs = xx + dx;
              if (yy >= 0 && yy < S && xs >= 0 && xs < S) {
                sum += x[c * PLANE + yy * S + xs];
                count++;
              }
            }
          }
          int i = c * PLANE + y * S + xx;
          out[i] = (1 - mix) * x[i] + mix * (float) (sum / count);
        }
      }
    }
    return out;
  }

  private static float clamp(float v) {
    return Math.max(-1f, Math.min(1f, v));
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1.0 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
