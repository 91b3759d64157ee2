package dev.diffsearch.plugins.shapes.caption;

import dev.diffsearch.plugins.shapes.prompt.ObjectSpec;
import dev.diffsearch.plugins.shapes.prompt.PromptSpec;
import dev.diffsearch.plugins.shapes.prompt.Task;
import dev.diffsearch.plugins.shapes.world.Scene;
import dev.diffsearch.plugins.shapes.world.SceneObject;
import dev.diffsearch.plugins.shapes.world.SceneRelation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Captions of whole scenes (training text): the scene graph as a prompt spec — a stated relation as
 * "A rel B", otherwise the objects grouped by shape and colour and counted — with sizes named half the
 * time, then worded by the {@link Grammar}. The denoisers also learn from captions naming no colour
 * ("two circles and a star"), as GenEval asks in four of its six tasks.
 */
public final class SceneCaptions {

  private SceneCaptions() {}

  /** A spec that the scene answers completely (every object named, with its colour). */
  public static PromptSpec describe(Scene scene, SplittableRandom random) {
    return describe(scene, random, true);
  }

  /**
   * A spec naming every object of the scene, with its colour only when {@code colours}: without colours the
   * objects are grouped and counted by shape alone, and the task is GenEval's colour-free one (single object,
   * two objects, counting, position).
   */
  public static PromptSpec describe(Scene scene, SplittableRandom random, boolean colours) {
    boolean sizes = random.nextBoolean();
    List<SceneObject> objects = scene.objects();
    if (!scene.relations().isEmpty()) {
      SceneRelation r = scene.relations().get(0);
      List<ObjectSpec> specs = new ArrayList<>(List.of(spec(objects.get(r.subject()), sizes, colours), spec(objects.get(r.object()), sizes, colours)));
      for (int i = 0; i < objects.size(); i++) {
        if (i != r.subject() && i != r.object()) {
          specs.add(spec(objects.get(i), sizes, colours));
        }
      }
      return new PromptSpec(Task.POSITION, specs, r.relation());
    }
    List<ObjectSpec> groups = new ArrayList<>();
    for (SceneObject o : objects) {
      ObjectSpec one = spec(o, sizes, colours);
      int at = -1;
      for (int g = 0; g < groups.size(); g++) {
        if (groups.get(g).withCount(1).equals(one)) {
          at = g;
        }
      }
      if (at < 0) {
        groups.add(one);
      } else {
        groups.set(at, one.withCount(groups.get(at).count() + 1));
      }
    }
    Task task = groups.size() == 1
        ? (groups.get(0).count() == 1 ? (colours ? Task.COLORS : Task.SINGLE_OBJECT) : Task.COUNTING)
        : (colours ? Task.COLOR_ATTR : Task.TWO_OBJECT);
    return new PromptSpec(task, groups, null);
  }

  /** A caption of the scene, paraphrases drawn from {@code random}. */
  public static String caption(Scene scene, SplittableRandom random) {
    return caption(scene, random, true);
  }

  /** A caption of the scene naming colours only when {@code colours}, paraphrases drawn from {@code random}. */
  public static String caption(Scene scene, SplittableRandom random, boolean colours) {
    return Grammar.caption(describe(scene, random, colours), random);
  }

  private static ObjectSpec spec(SceneObject o, boolean size, boolean colour) {
    return new ObjectSpec(o.shape(), colour ? o.colour() : null, size ? o.size() : null, 1);
  }
}
