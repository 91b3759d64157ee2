package dev.diffsearch.plugins.shapes.clip;

import dev.diffsearch.plugins.shapes.prompt.ObjectSpec;
import dev.diffsearch.plugins.shapes.prompt.PromptSpec;
import dev.diffsearch.plugins.shapes.world.Colour;
import dev.diffsearch.plugins.shapes.world.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A caption's near miss: the same spec with one thing changed — two objects' colours swapped (binding), one
 * colour or shape replaced, the relation reversed, a count changed. Worded with the same paraphrase choices
 * as the true caption, a near miss differs from it in meaning only: what teaches an encoder to bind
 * attributes to their objects instead of bagging words.
 */
public final class HardNegatives {

  private HardNegatives() {}

  /** {@code spec} with the colours of two of its objects (of different colours) swapped; null when it has no such pair. */
  public static PromptSpec swapColours(PromptSpec spec, SplittableRandom random) {
    List<ObjectSpec> objects = new ArrayList<>(spec.objects());
    List<int[]> swappable = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      for (int j = i + 1; j < objects.size(); j++) {
        Colour a = objects.get(i).colour();
        Colour b = objects.get(j).colour();
        if (a != null && b != null && a != b) {
          swappable.add(new int[] {i, j});
        }
      }
    }
    if (swappable.isEmpty()) {
      return null;
    }
    int[] p = swappable.get(random.nextInt(swappable.size()));
    Colour a = objects.get(p[0]).colour();
    objects.set(p[0], objects.get(p[0]).withColour(objects.get(p[1]).colour()));
    objects.set(p[1], objects.get(p[1]).withColour(a));
    return new PromptSpec(spec.task(), objects, spec.relation());
  }

  /**
   * A spec that differs from {@code spec} in one attribute, relation or count: two colours swapped whenever
   * the spec has two objects of different colours (eight times in ten), else another change. Only a swap
   * needs word order to tell apart; the other changes are caught by a bag of words, so a mix where swaps are
   * rare leaves the encoder binding nothing (measured: swapped captions at chance after 2,000 steps with
   * swaps 4 times in 10).
   */
  public static PromptSpec of(PromptSpec spec, SplittableRandom random) {
    int kind = random.nextInt(10);
    PromptSpec swapped = kind < 8 ? swapColours(spec, random) : null;
    if (swapped != null) {
      return swapped;
    }
    List<ObjectSpec> objects = new ArrayList<>(spec.objects());
    int change = random.nextInt(4);
    if (change == 0 && spec.relation() != null) { // reverse the relation
      return new PromptSpec(spec.task(), objects, spec.relation().converse());
    }
    int i = random.nextInt(objects.size());
    ObjectSpec o = objects.get(i);
    if (change <= 1 && o.count() > 1) { // another count
      int count = o.count() + (o.count() == 4 || (o.count() > 2 && random.nextBoolean()) ? -1 : 1);
      objects.set(i, o.withCount(count));
    } else if (change <= 2 || o.colour() == null) { // another shape
      Shape[] shapes = Shape.values();
      Shape other = shapes[(o.shape().ordinal() + 1 + random.nextInt(shapes.length - 1)) % shapes.length];
      objects.set(i, new ObjectSpec(other, o.colour(), o.size(), o.count()));
    } else { // another colour
      Colour[] colours = Colour.values();
      objects.set(i, o.withColour(colours[(o.colour().ordinal() + 1 + random.nextInt(colours.length - 1)) % colours.length]));
    }
    return new PromptSpec(spec.task(), objects, spec.relation());
  }
}
