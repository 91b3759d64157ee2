package dev.diffsearch.plugins.shapes.eval;

import dev.diffsearch.plugins.shapes.prompt.ObjectSpec;
import dev.diffsearch.plugins.shapes.prompt.PromptSpec;
import dev.diffsearch.plugins.shapes.prompt.Task;
import dev.diffsearch.plugins.shapes.world.Relation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * GenEval's rules over parsed objects. An object matches an {@link ObjectSpec} when its shape, and the
 * colour and size where the spec names them, agree. Every spec object needs at least its count of matches
 * — exactly its count for {@link Task#COUNTING} — and a relation needs one match of the first object and
 * another of the second whose box centres stand in it ({@link Relation#MARGIN}). Other objects are allowed.
 */
public final class Judge {

  private Judge() {}

  /** The verdict on an image (3×32×32 in [−1, 1]) for {@code spec}. */
  public static Verdict judge(PromptSpec spec, float[] image) {
    return judge(spec, SceneParser.parse(image));
  }

  /** The verdict on already parsed objects for {@code spec}. */
  public static Verdict judge(PromptSpec spec, List<Detection> found) {
    for (ObjectSpec o : spec.objects()) {
      long n = matches(o, found).size();
      boolean ok = spec.task() == Task.COUNTING ? n == o.count() : n >= o.count();
      if (!ok) {
        String wanted = (spec.task() == Task.COUNTING ? "exactly " : "") + o.describe();
        return new Verdict(false, "wanted " + wanted + ", found " + n + " (saw " + seen(found) + ")");
      }
    }
    if (spec.relation() != null) {
      ObjectSpec a = spec.objects().get(0);
      ObjectSpec b = spec.objects().get(1);
      for (Detection da : matches(a, found)) {
        for (Detection db : matches(b, found)) {
          if (da != db && spec.relation().holds(da.box(), db.box(), Relation.MARGIN)) {
            return new Verdict(true, "found " + da.describe() + " " + spec.relation().key() + " " + db.describe());
          }
        }
      }
      return new Verdict(false, "no " + a.describe() + " " + spec.relation().key() + " a " + b.describe()
          + " (saw " + seen(found) + ")");
    }
    return new Verdict(true, "found " + spec.objects().stream().map(ObjectSpec::describe).collect(Collectors.joining(", ")));
  }

  private static List<Detection> matches(ObjectSpec o, List<Detection> found) {
    return found.stream().filter(d -> d.shape() != null && o.matches(d.shape(), d.colour(), d.size())).toList();
  }

  private static String seen(List<Detection> found) {
    return found.isEmpty() ? "nothing" : found.stream().map(Detection::describe).collect(Collectors.joining(", "));
  }
}
