package dev.diffsearch.plugins.shapes.prompt;

import dev.diffsearch.plugins.shapes.world.Colour;
import dev.diffsearch.plugins.shapes.world.Relation;
import dev.diffsearch.plugins.shapes.world.Shape;
import dev.diffsearch.plugins.shapes.world.Size;
import dev.diffsearch.plugins.shapes.world.Split;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random prompt specs of a GenEval task on one side of the split. Held-out specs name a held-out pair or
 * triple where the task names colours or relations (counting then always names a colour); single- and
 * two-object specs name neither, so they are the same on both sides and their scenes carry the split.
 * Single objects name a size half the time; colours and positions a size per object one time in four.
 */
public final class SpecSampler {

  private final Split split;

  public SpecSampler(Split split) {
    this.split = split;
  }

  /** A spec of {@code task} from {@code random}, redrawn until it lies on this sampler's side of the split. */
  public PromptSpec sample(Task task, SplittableRandom random) {
    while (true) {
      PromptSpec spec = draw(task, random);
      boolean composable = task != Task.SINGLE_OBJECT && task != Task.TWO_OBJECT;
      if (!composable || spec.heldOut() == (split == Split.HELD_OUT)) {
        return spec;
      }
    }
  }

  private PromptSpec draw(Task task, SplittableRandom random) {
    Shape a = pick(Shape.values(), random);
    Shape b = other(a, random);
    return switch (task) {
      case SINGLE_OBJECT -> new PromptSpec(task, List.of(new ObjectSpec(a, null, random.nextBoolean() ? pick(Size.values(), random) : null, 1)), null);
      case TWO_OBJECT -> new PromptSpec(task, List.of(ObjectSpec.of(a), ObjectSpec.of(b)), null);
      case COUNTING -> {
        Colour colour = split == Split.HELD_OUT || random.nextBoolean() ? pick(Colour.values(), random) : null;
        yield new PromptSpec(task, List.of(new ObjectSpec(a, colour, null, 2 + random.nextInt(3))), null);
      }
      case COLORS -> new PromptSpec(task, List.of(new ObjectSpec(a, pick(Colour.values(), random), size(random), 1)), null);
      case POSITION -> new PromptSpec(task, List.of(
          new ObjectSpec(a, pick(Colour.values(), random), size(random), 1),
          new ObjectSpec(b, pick(Colour.values(), random), size(random), 1)),
          pick(Relation.values(), random));
      case COLOR_ATTR -> {
        Colour ca = pick(Colour.values(), random);
        Colour cb;
        do {
          cb = pick(Colour.values(), random);
        } while (cb == ca);
        yield new PromptSpec(task, List.of(ObjectSpec.of(ca, a), ObjectSpec.of(cb, b)), null);
      }
    };
  }

  /** A size one time in four, else none. */
  private static Size size(SplittableRandom random) {
    return random.nextInt(4) == 0 ? pick(Size.values(), random) : null;
  }

  /** A shape other than {@code not}. */
  static Shape other(Shape not, SplittableRandom random) {
    Shape s;
    do {
      s = pick(Shape.values(), random);
    } while (s == not);
    return s;
  }

  static <T> T pick(T[] values, SplittableRandom random) {
    return values[random.nextInt(values.length)];
  }
}
