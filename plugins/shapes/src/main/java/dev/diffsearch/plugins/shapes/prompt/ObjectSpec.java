package dev.diffsearch.plugins.shapes.prompt;

import dev.diffsearch.plugins.shapes.world.Colour;
import dev.diffsearch.plugins.shapes.world.Shape;
import dev.diffsearch.plugins.shapes.world.Size;
import java.util.Objects;

/**
 * What a prompt asks of one kind of object: a shape, optionally a colour and a size, and how many.
 *
 * @param shape the shape asked for
 * @param colour the colour asked for, or null for any
 * @param size the size asked for, or null for any
 * @param count how many (1 for "a", 2–4 for "two" … "four")
 */
public record ObjectSpec(Shape shape, Colour colour, Size size, int count) {

  public ObjectSpec {
    Objects.requireNonNull(shape, "shape");
    if (count < 1 || count > 4) {
      throw new IllegalArgumentException("count is 1..4, got " + count);
    }
  }

  /** One object of {@code shape}, any colour and size. */
  public static ObjectSpec of(Shape shape) {
    return new ObjectSpec(shape, null, null, 1);
  }

  /** One {@code colour} {@code shape}, any size. */
  public static ObjectSpec of(Colour colour, Shape shape) {
    return new ObjectSpec(shape, colour, null, 1);
  }

  /** Whether an object of this shape, colour and size answers the spec (count aside). */
  public boolean matches(Shape shape, Colour colour, Size size) {
    return this.shape == shape && (this.colour == null || this.colour == colour) && (this.size == null || this.size == size);
  }

  /** The same spec with another count. */
  public ObjectSpec withCount(int count) {
    return new ObjectSpec(shape, colour, size, count);
  }

  /** The same spec with another colour. */
  public ObjectSpec withColour(Colour colour) {
    return new ObjectSpec(shape, colour, size, count);
  }

  /** "red circle", "2 small stars": for reasons and messages. */
  public String describe() {
    return (count > 1 ? count + " " : "") + (size == null ? "" : size.word() + " ")
        + (colour == null ? "" : colour.word() + " ") + (count > 1 ? shape.plural() : shape.word());
  }
}
