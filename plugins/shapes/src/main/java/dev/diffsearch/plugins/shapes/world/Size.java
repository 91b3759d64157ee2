package dev.diffsearch.plugins.shapes.world;

import java.util.Locale;

/** The two object sizes: the side of the square box an object is drawn in, in pixels. */
public enum Size {
  SMALL(8),
  LARGE(13);

  /** A parsed object whose box is at least this many pixels on its longer side is large. */
  public static final int LARGE_FROM = 11;

  private final int pixels;

  Size(int pixels) {
    this.pixels = pixels;
  }

  /** The side of the object's box, in pixels. */
  public int pixels() {
    return pixels;
  }

  /** The word captions use: {@code small} or {@code large}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The size class of an object whose box is {@code width} × {@code height} pixels. */
  public static Size ofExtent(int width, int height) {
    return Math.max(width, height) >= LARGE_FROM ? LARGE : SMALL;
  }

  /** The size named {@code word}. */
  public static Size of(String word) {
    for (Size s : values()) {
      if (s.word().equals(word)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown size '" + word + "'");
  }
}
