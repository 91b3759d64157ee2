package dev.diffsearch.plugins.shapes.world;

/**
 * An axis-aligned pixel box: columns {@code x .. x+width-1}, rows {@code y .. y+height-1} (y grows downwards).
 *
 * @param x left column
 * @param y top row
 * @param width columns
 * @param height rows
 */
public record Box(int x, int y, int width, int height) {

  /** The horizontal centre, in pixel units ({@code x + width/2}). */
  public double centreX() {
    return x + width / 2.0;
  }

  /** The vertical centre, in pixel units ({@code y + height/2}). */
  public double centreY() {
    return y + height / 2.0;
  }

  /** One past the right column. */
  public int right() {
    return x + width;
  }

  /** One past the bottom row. */
  public int bottom() {
    return y + height;
  }

  /** Whether at least {@code gap} empty pixels separate the two boxes along x or along y. */
  public boolean apart(Box other, int gap) {
    return right() + gap <= other.x || other.right() + gap <= x
        || bottom() + gap <= other.y || other.bottom() + gap <= y;
  }

  /** Whether pixel ({@code px}, {@code py}) lies in the box. */
  public boolean contains(int px, int py) {
    return px >= x && px < right() && py >= y && py < bottom();
  }
}
