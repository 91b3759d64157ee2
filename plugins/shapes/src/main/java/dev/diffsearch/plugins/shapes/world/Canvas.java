package dev.diffsearch.plugins.shapes.world;

/**
 * Renders scenes: {@value #SIZE}×{@value #SIZE} RGB on a plain grey background, as float[3·H·W] in [−1, 1]
 * (C, H, W order, as every diffsearch sample). Drawing is exact and reproducible: a pixel belongs to an
 * object when its centre is inside the object's shape (no anti-aliasing, no AWT), so every pixel of a
 * render is exactly a palette colour or the background.
 */
public final class Canvas {

  /** Width and height of a scene, in pixels. */
  public static final int SIZE = 32;

  /** Channels of a render (RGB). */
  public static final int CHANNELS = 3;

  /** Values of a render, C·H·W. */
  public static final int VALUES = CHANNELS * SIZE * SIZE;

  /** The background's grey level, 0–255 (the same in R, G and B). */
  public static final int BACKGROUND = 128;

  private Canvas() {}

  /** The scene's pixels, objects drawn in order over the background, in [−1, 1], C·H·W. */
  public static float[] render(Scene scene) {
    int plane = SIZE * SIZE;
    float[] chw = new float[CHANNELS * plane];
    java.util.Arrays.fill(chw, toUnit(BACKGROUND));
    for (SceneObject o : scene.objects()) {
      Box box = o.box();
      boolean[] mask = mask(o.shape(), box.width(), box.height());
      float r = toUnit(o.colour().r());
      float g = toUnit(o.colour().g());
      float b = toUnit(o.colour().b());
      for (int y = 0; y < box.height(); y++) {
        for (int x = 0; x < box.width(); x++) {
          int py = box.y() + y;
          int px = box.x() + x;
          if (mask[y * box.width() + x] && px >= 0 && px < SIZE && py >= 0 && py < SIZE) {
            int i = py * SIZE + px;
            chw[i] = r;
            chw[plane + i] = g;
            chw[2 * plane + i] = b;
          }
        }
      }
    }
    return chw;
  }

  /**
   * The pixels of {@code shape} drawn in a {@code width}×{@code height} box, row-major: pixel (x, y) is set
   * when its centre, mapped to [−1, 1]², is inside the shape. Renders and the evaluator's templates share it.
   */
  public static boolean[] mask(Shape shape, int width, int height) {
    boolean[] mask = new boolean[width * height];
    for (int y = 0; y < height; y++) {
      double v = (y + 0.5) / height * 2.0 - 1.0;
      for (int x = 0; x < width; x++) {
        double u = (x + 0.5) / width * 2.0 - 1.0;
        mask[y * width + x] = shape.inside(u, v);
      }
    }
    return mask;
  }

  /** 0–255 → [−1, 1]. */
  public static float toUnit(int level) {
    return level / 127.5f - 1f;
  }
}
