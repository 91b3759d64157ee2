package dev.diffsearch.plugins.shapes.world;

/**
 * One object of a scene graph.
 *
 * @param shape what it is
 * @param colour its one colour
 * @param size its size class
 * @param box where it is drawn (a square of {@code size.pixels()})
 */
public record SceneObject(Shape shape, Colour colour, Size size, Box box) {

  /** "red circle", "small blue star": colour and shape, the size when asked. */
  public String describe() {
    return size.word() + " " + colour.word() + " " + shape.word();
  }
}
