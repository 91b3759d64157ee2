package dev.diffsearch.plugins.shapes.eval;

import dev.diffsearch.plugins.shapes.prompt.ObjectSpec;
import dev.diffsearch.plugins.shapes.prompt.PromptSpec;
import dev.diffsearch.plugins.shapes.world.Colour;
import dev.diffsearch.plugins.shapes.world.Shape;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A spec that contradicts a prompt's spec in the way its task tests (another shape, another count, another
 * colour, the converse relation, swapped colours), and the shapes its render's distractors must avoid so
 * that no distractor answers the original prompt.
 */
record Mismatch(PromptSpec spec, Set<Shape> avoid) {

  static Mismatch of(PromptSpec p, SplittableRandom random) {
    List<ObjectSpec> o = p.objects();
    return switch (p.task()) {
      case SINGLE_OBJECT -> {
        Shape other = otherShape(random, o.get(0).shape());
        yield new Mismatch(new PromptSpec(p.task(), List.of(new ObjectSpec(other, null, o.get(0).size(), 1)), null),
            EnumSet.of(o.get(0).shape()));
      }
      case TWO_OBJECT -> {
        Shape other = otherShape(random, o.get(0).shape(), o.get(1).shape());
        yield new Mismatch(new PromptSpec(p.task(), List.of(o.get(0), ObjectSpec.of(other)), null), EnumSet.of(o.get(1).shape()));
      }
      case COUNTING -> {
        int n = o.get(0).count();
        int other = n == 4 || (n > 1 && random.nextBoolean()) ? n - 1 : n + 1;
        yield new Mismatch(new PromptSpec(p.task(), List.of(o.get(0).withCount(other)), null), EnumSet.noneOf(Shape.class));
      }
      case COLORS -> new Mismatch(new PromptSpec(p.task(), List.of(o.get(0).withColour(otherColour(random, o.get(0).colour()))), null),
          EnumSet.noneOf(Shape.class));
      case POSITION -> new Mismatch(new PromptSpec(p.task(), o, p.relation().converse()), EnumSet.noneOf(Shape.class));
      case COLOR_ATTR -> new Mismatch(new PromptSpec(p.task(),
          List.of(o.get(0).withColour(o.get(1).colour()), o.get(1).withColour(o.get(0).colour())), null),
          EnumSet.noneOf(Shape.class));
    };
  }

  private static Shape otherShape(SplittableRandom random, Shape... not) {
    Set<Shape> excluded = Set.of(not);
    while (true) {
      Shape s = Shape.values()[random.nextInt(Shape.values().length)];
      if (!excluded.contains(s)) {
        return s;
      }
    }
  }

  private static Colour otherColour(SplittableRandom random, Colour not) {
    while (true) {
      Colour c = Colour.values()[random.nextInt(Colour.values().length)];
      if (c != not) {
        return c;
      }
    }
  }
}
