package dev.diffsearch.plugins.shapes.world;

import java.util.Locale;

/**
 * The ten GenEval colours, each one fixed RGB value. The values are at least 103 apart (Euclidean, 0–255)
 * from each other and from the {@link Canvas#BACKGROUND} grey, so a pixel's colour is its nearest palette entry.
 */
public enum Colour {
  RED(220, 30, 30),
  ORANGE(255, 140, 0),
  YELLOW(255, 235, 40),
  GREEN(30, 170, 50),
  BLUE(30, 70, 230),
  PURPLE(140, 40, 190),
  PINK(255, 130, 200),
  BROWN(120, 70, 20),
  BLACK(0, 0, 0),
  WHITE(255, 255, 255);

  private final int r;
  private final int g;
  private final int b;

  Colour(int r, int g, int b) {
    this.r = r;
    this.g = g;
    this.b = b;
  }

  /** Red, 0–255. */
  public int r() {
    return r;
  }

  /** Green, 0–255. */
  public int g() {
    return g;
  }

  /** Blue, 0–255. */
  public int b() {
    return b;
  }

  /** The word captions use: {@code red}, {@code orange}, …. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The colour named {@code word} (as {@link #word()} writes it). */
  public static Colour of(String word) {
    for (Colour c : values()) {
      if (c.word().equals(word)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown colour '" + word + "'");
  }
}
