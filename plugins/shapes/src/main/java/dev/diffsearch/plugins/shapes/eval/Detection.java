package dev.diffsearch.plugins.shapes.eval;

import dev.diffsearch.plugins.shapes.world.Box;
import dev.diffsearch.plugins.shapes.world.Colour;
import dev.diffsearch.plugins.shapes.world.Shape;
import dev.diffsearch.plugins.shapes.world.Size;

/**
 * One object found in an image: a connected region of one palette colour.
 *
 * @param colour its colour
 * @param shape the best-matching shape, or null when no shape template matches well enough
 * @param match the intersection over union of the region with that shape's template (0–1)
 * @param size its size class, from the box's longer side
 * @param box its bounding box
 * @param area its pixels
 */
public record Detection(Colour colour, Shape shape, double match, Size size, Box box, int area) {

  /** "small red circle" (or "red blob" when the shape is unknown). */
  public String describe() {
    return size.word() + " " + colour.word() + " " + (shape == null ? "blob" : shape.word());
  }
}
