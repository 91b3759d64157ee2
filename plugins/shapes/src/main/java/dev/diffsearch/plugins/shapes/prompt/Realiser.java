package dev.diffsearch.plugins.shapes.prompt;

import dev.diffsearch.plugins.shapes.world.Colour;
import dev.diffsearch.plugins.shapes.world.Scene;
import dev.diffsearch.plugins.shapes.world.SceneRelation;
import dev.diffsearch.plugins.shapes.world.SceneSampler;
import dev.diffsearch.plugins.shapes.world.Shape;
import dev.diffsearch.plugins.shapes.world.Size;
import dev.diffsearch.plugins.shapes.world.Split;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Scenes that show a prompt spec: its objects (colours and sizes left open are drawn at random, each copy
 * of a counted object on its own), up to two distractors of shapes the spec does not name, the spec's
 * relation stated between the first copies of its two objects. Redrawn until the scene lies in the split.
 */
public final class Realiser {

  private static final int ATTEMPTS = 20_000;

  private final Split split;

  public Realiser(Split split) {
    this.split = split;
  }

  /** A scene that shows {@code spec}. */
  public Scene realise(PromptSpec spec, SplittableRandom random) {
    return realise(spec, EnumSet.noneOf(Shape.class), random);
  }

  /**
   * A scene that shows {@code spec}, its distractors also avoiding the shapes in {@code avoid} (a test
   * renders a mismatched spec this way and needs no distractor to answer the original one).
   */
  public Scene realise(PromptSpec spec, Set<Shape> avoid, SplittableRandom random) {
    if (spec.objectCount() > Scene.MAX_OBJECTS) {
      throw new IllegalArgumentException("a scene holds at most " + Scene.MAX_OBJECTS + " objects: " + spec);
    }
    Set<Shape> named = EnumSet.noneOf(Shape.class);
    named.addAll(avoid);
    spec.objects().forEach(o -> named.add(o.shape()));
    List<Shape> free = new ArrayList<>(EnumSet.complementOf(EnumSet.copyOf(named)));
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      List<Shape> shapes = new ArrayList<>();
      List<Colour> colours = new ArrayList<>();
      List<Size> sizes = new ArrayList<>();
      int[] first = new int[spec.objects().size()];
      for (int k = 0; k < spec.objects().size(); k++) {
        ObjectSpec o = spec.objects().get(k);
        first[k] = shapes.size();
        Colour shared = o.colour() != null ? o.colour() : null;
        for (int c = 0; c < o.count(); c++) {
          shapes.add(o.shape());
          colours.add(shared != null ? shared : SpecSampler.pick(Colour.values(), random));
          sizes.add(o.size() != null ? o.size() : SpecSampler.pick(Size.values(), random));
        }
      }
      int room = Math.min(2, Scene.MAX_OBJECTS - shapes.size());
      int distractors = free.isEmpty() ? 0 : random.nextInt(room + 1);
      for (int d = 0; d < distractors; d++) {
        shapes.add(free.get(random.nextInt(free.size())));
        colours.add(SpecSampler.pick(Colour.values(), random));
        sizes.add(SpecSampler.pick(Size.values(), random));
      }
      List<SceneRelation> stated = spec.relation() == null ? List.of()
          : List.of(new SceneRelation(first[0], spec.relation(), first[1]));
      Optional<Scene> scene = SceneSampler.assemble(shapes, colours, sizes, stated, random);
      if (scene.isPresent() && split.accepts(scene.get())) {
        return scene.get();
      }
    }
    throw new IllegalStateException("no " + split + " scene shows " + spec + " in " + ATTEMPTS + " attempts");
  }
}
