package dev.diffsearch.plugins.shapes.eval;

import dev.diffsearch.plugins.shapes.world.Canvas;
import dev.diffsearch.plugins.shapes.world.Shape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names the shape of a region by template matching: each shape is drawn into the region's bounding box
 * ({@link Canvas#mask}) and the one with the highest intersection over union wins; below
 * {@link #MIN_MATCH} the region is no shape.
 */
public final class ShapeClassifier {

  /** The least intersection over union for a region to count as a shape. */
  public static final double MIN_MATCH = 0.6;

  private static final Map<Long, boolean[]> TEMPLATES = new ConcurrentHashMap<>();

  private ShapeClassifier() {}

  /** The best shape and its match. */
  public record Match(Shape shape, double iou) {}

  /** The best-matching shape of a {@code width}×{@code height} region mask (row-major), or a null shape when none matches. */
  public static Match classify(boolean[] mask, int width, int height) {
    Shape best = null;
    double bestIou = -1;
    for (Shape shape : Shape.values()) {
      double iou = iou(mask, template(shape, width, height));
      if (iou > bestIou) {
        bestIou = iou;
        best = shape;
      }
    }
    return new Match(bestIou >= MIN_MATCH ? best : null, bestIou);
  }

  static double iou(boolean[] a, boolean[] b) {
    int both = 0;
    int either = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] && b[i]) {
        both++;
      }
      if (a[i] || b[i]) {
        either++;
      }
    }
    return either == 0 ? 0 : (double) both / either;
  }

  private static boolean[] template(Shape shape, int width, int height) {
    long key = ((long) shape.ordinal() << 32) | ((long) width << 16) | height;
    return TEMPLATES.computeIfAbsent(key, k -> Canvas.mask(shape, width, height));
  }
}
