package dev.diffsearch.plugins.shapes.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Random scenes of one split, on the fly: 1–4 objects of uniform shape, colour and size; a two-object scene
 * states one relation between them half the time. A scene outside the split is drawn again, so the
 * sampler is a pure function of the random source's state.
 */
public final class SceneSampler {

  private static final int ATTEMPTS = 10_000;

  private final Split split;

  public SceneSampler(Split split) {
    this.split = split;
  }

  /** The split this sampler draws from. */
  public Split split() {
    return split;
  }

  /** The scene that seed {@code seed} gives. */
  public Scene sample(long seed) {
    return sample(new SplittableRandom(seed));
  }

  /** The next scene from {@code random}. */
  public Scene sample(SplittableRandom random) {
    Shape[] shapes = Shape.values();
    Colour[] colours = Colour.values();
    Size[] sizes = Size.values();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int n = 1 + random.nextInt(Scene.MAX_OBJECTS);
      List<Shape> shapeOf = new ArrayList<>();
      List<Colour> colourOf = new ArrayList<>();
      List<Size> sizeOf = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        shapeOf.add(shapes[random.nextInt(shapes.length)]);
        colourOf.add(colours[random.nextInt(colours.length)]);
        sizeOf.add(sizes[random.nextInt(sizes.length)]);
      }
      List<SceneRelation> stated = new ArrayList<>();
      if (n == 2 && random.nextBoolean()) {
        Relation[] relations = Relation.values();
        stated.add(new SceneRelation(0, relations[random.nextInt(relations.length)], 1));
      }
      Optional<Scene> scene = assemble(shapeOf, colourOf, sizeOf, stated, random);
      if (scene.isPresent() && split.accepts(scene.get())) {
        return scene.get();
      }
    }
    throw new IllegalStateException("no " + split + " scene in " + ATTEMPTS + " attempts");
  }

  /** Places the objects (see {@link Layout}) and builds their scene, or empty when they do not fit. */
  public static Optional<Scene> assemble(List<Shape> shapes, List<Colour> colours, List<Size> sizes,
      List<SceneRelation> stated, SplittableRandom random) {
    return Layout.place(sizes, stated, random).map(boxes -> {
      List<SceneObject> objects = new ArrayList<>(boxes.size());
      for (int i = 0; i < boxes.size(); i++) {
        objects.add(new SceneObject(shapes.get(i), colours.get(i), sizes.get(i), boxes.get(i)));
      }
      return new Scene(objects, stated);
    });
  }
}
