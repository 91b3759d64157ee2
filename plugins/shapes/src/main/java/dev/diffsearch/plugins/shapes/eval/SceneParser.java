package dev.diffsearch.plugins.shapes.eval;

import dev.diffsearch.plugins.shapes.world.Box;
import dev.diffsearch.plugins.shapes.world.Canvas;
import dev.diffsearch.plugins.shapes.world.Colour;
import dev.diffsearch.plugins.shapes.world.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses an image into objects, with no network: each pixel takes the nearest of the ten palette colours
 * and the background grey (none when farther than {@link #MAX_DISTANCE}); 8-connected regions of one
 * colour with at least {@link #MIN_AREA} pixels are objects; each is named by {@link ShapeClassifier} and
 * sized by its bounding box ({@link Size#ofExtent}).
 */
public final class SceneParser {

  /** The farthest a pixel may be (Euclidean, 0–255 RGB) from its nearest palette entry to take its colour. */
  public static final double MAX_DISTANCE = 60;

  /** Regions smaller than this many pixels are specks, not objects. */
  public static final int MIN_AREA = 6;

  private static final int BACKGROUND = -1;
  private static final int NONE = -2;

  private SceneParser() {}

  /** The objects of a {@value Canvas#SIZE}×{@value Canvas#SIZE} RGB image in [−1, 1], C·H·W, in scan order. */
  public static List<Detection> parse(float[] chw) {
    int side = Canvas.SIZE;
    int plane = side * side;
    if (chw.length != Canvas.CHANNELS * plane) {
      throw new IllegalArgumentException("expected a 3×" + side + "×" + side + " image, got " + chw.length + " values");
    }
    int[] label = new int[plane];
    for (int i = 0; i < plane; i++) {
      label[i] = nearest(level(chw[i]), level(chw[plane + i]), level(chw[2 * plane + i]));
    }
    List<Detection> found = new ArrayList<>();
    boolean[] seen = new boolean[plane];
    int[] queue = new int[plane];
    for (int start = 0; start < plane; start++) {
      if (seen[start] || label[start] < 0) {
        continue;
      }
      int colour = label[start];
      int head = 0;
      int tail = 0;
      queue[tail++] = start;
      seen[start] = true;
      int minX = side;
      int minY = side;
      int maxX = -1;
      int maxY = -1;
      while (head < tail) {
        int p = queue[head++];
        int px = p % side;
        int py = p / side;
        minX = Math.min(minX, px);
        maxX = Math.max(maxX, px);
        minY = Math.min(minY, py);
        maxY = Math.max(maxY, py);
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int qx = px + dx;
            int qy = py + dy;
            if (qx < 0 || qy < 0 || qx >= side || qy >= side) {
              continue;
            }
            int q = qy * side + qx;
            if (!seen[q] && label[q] == colour) {
              seen[q] = true;
              queue[tail++] = q;
            }
          }
        }
      }
      if (tail < MIN_AREA) {
        continue;
      }
      int width = maxX - minX + 1;
      int height = maxY - minY + 1;
      boolean[] mask = new boolean[width * height];
      for (int k = 0; k < tail; k++) {
        int p = queue[k];
        mask[(p / side - minY) * width + (p % side - minX)] = true;
      }
      ShapeClassifier.Match match = ShapeClassifier.classify(mask, width, height);
      found.add(new Detection(Colour.values()[colour], match.shape(), match.iou(),
          Size.ofExtent(width, height), new Box(minX, minY, width, height), tail));
    }
    return found;
  }

  /** The palette index nearest to (r, g, b), {@code BACKGROUND}, or {@code NONE} past {@link #MAX_DISTANCE}. */
  static int nearest(double r, double g, double b) {
    double bg = Canvas.BACKGROUND;
    int best = BACKGROUND;
    double bestD2 = (r - bg) * (r - bg) + (g - bg) * (g - bg) + (b - bg) * (b - bg);
    Colour[] palette = Colour.values();
    for (int c = 0; c < palette.length; c++) {
      double dr = r - palette[c].r();
      double dg = g - palette[c].g();
      double db = b - palette[c].b();
      double d2 = dr * dr + dg * dg + db * db;
      if (d2 < bestD2) {
        bestD2 = d2;
        best = c;
      }
    }
    return bestD2 <= MAX_DISTANCE * MAX_DISTANCE ? best : NONE;
  }

  /** [−1, 1] → 0–255 (unclamped: noise beyond the range still measures its distance). */
  private static double level(float v) {
    return (v + 1.0) * 127.5;
  }
}
