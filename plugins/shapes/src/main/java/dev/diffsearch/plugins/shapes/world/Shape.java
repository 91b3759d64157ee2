package dev.diffsearch.plugins.shapes.world;

import java.util.Locale;

/**
 * The shapes of the world, each an indicator function on the square [−1, 1]² (u to the right, v downwards)
 * whose extent fills the square. {@link Canvas} draws a shape by testing each pixel centre of its box.
 * Only exact arithmetic and {@link StrictMath} go into the tests, so a render is the same on every JVM.
 */
public enum Shape {
  /** A disc. */
  CIRCLE("circles") {
    @Override
    public boolean inside(double u, double v) {
      return u * u + v * v <= 1.0;
    }
  },
  /** The whole box. */
  SQUARE("squares") {
    @Override
    public boolean inside(double u, double v) {
      return Math.abs(u) <= 1.0 && Math.abs(v) <= 1.0;
    }
  },
  /** Apex up, base along the bottom edge. */
  TRIANGLE("triangles") {
    @Override
    public boolean inside(double u, double v) {
      return v <= 1.0 && Math.abs(u) <= (v + 1.0) / 2.0;
    }
  },
  /** A five-pointed star, one point up (inner radius half the outer), its tips cut by the box so that it touches all four edges. */
  STAR("stars") {
    @Override
    public boolean inside(double u, double v) {
      return Star.inside(u, v);
    }
  },
  /** An annulus: the disc less a centred disc of half its radius. */
  RING("rings") {
    @Override
    public boolean inside(double u, double v) {
      double r2 = u * u + v * v;
      return r2 <= 1.0 && r2 > 0.25;
    }
  },
  /** A plus sign: two bars 0.3 of the box wide. */
  CROSS("crosses") {
    @Override
    public boolean inside(double u, double v) {
      return (Math.abs(u) <= 0.3 && Math.abs(v) <= 1.0) || (Math.abs(v) <= 0.3 && Math.abs(u) <= 1.0);
    }
  },
  /** A square turned 45°: corners at the middles of the box's edges. */
  DIAMOND("diamonds") {
    @Override
    public boolean inside(double u, double v) {
      return Math.abs(u) + Math.abs(v) <= 1.0;
    }
  };

  private final String plural;

  Shape(String plural) {
    this.plural = plural;
  }

  /** Whether the point (u, v) of the shape's square [−1, 1]² is inside the shape. */
  public abstract boolean inside(double u, double v);

  /** The word captions use: {@code circle}, {@code square}, …. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The plural captions use: {@code circles}, {@code crosses}, …. */
  public String plural() {
    return plural;
  }

  /** The shape named {@code word} (singular). */
  public static Shape of(String word) {
    for (Shape s : values()) {
      if (s.word().equals(word)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown shape '" + word + "'");
  }

  /** The star's polygon, scaled so that its extent fills [−1, 1]². */
  private static final class Star {

    private static final int POINTS = 5;
    private static final double INNER = 0.5;
    /** The star is drawn this much larger than its box: its thin tips would otherwise miss the edge pixels' centres. */
    private static final double OVERSCALE = 1.15;
    private static final double[] US = new double[2 * POINTS];
    private static final double[] VS = new double[2 * POINTS];

    static {
      double halfWidth = StrictMath.sin(Math.toRadians(72));
      double top = -1.0;
      double bottom = StrictMath.cos(Math.toRadians(36));
      for (int k = 0; k < 2 * POINTS; k++) {
        double radius = k % 2 == 0 ? 1.0 : INNER;
        double angle = Math.toRadians(-90 + 36 * k);
        double x = radius * StrictMath.cos(angle);
        double y = radius * StrictMath.sin(angle);
        US[k] = OVERSCALE * x / halfWidth;
        VS[k] = OVERSCALE * (-1.0 + 2.0 * (y - top) / (bottom - top));
      }
    }

    /** Even–odd crossing test against the ten vertices. */
    static boolean inside(double u, double v) {
      boolean in = false;
      for (int i = 0, j = US.length - 1; i < US.length; j = i++) {
        if ((VS[i] > v) != (VS[j] > v) && u < (US[j] - US[i]) * (v - VS[i]) / (VS[j] - VS[i]) + US[i]) {
          in = !in;
        }
      }
      return in;
    }
  }
}
