package dev.diffsearch.plugins.shapes.world;

import java.util.List;

/**
 * A scene graph: its objects (with their boxes) and the relations it states. A scene is rendered by
 * {@link Canvas#render(Scene)}; every relation holds by box centres with {@link #PLACEMENT_MARGIN} to spare.
 */
public record Scene(List<SceneObject> objects, List<SceneRelation> relations) {

  /** A stated relation's centre offset is at least this many pixels (the evaluator needs {@link Relation#MARGIN}). */
  public static final double PLACEMENT_MARGIN = 6.0;

  /** At most this many objects in a scene. */
  public static final int MAX_OBJECTS = 4;

  public Scene {
    objects = List.copyOf(objects);
    relations = List.copyOf(relations);
    if (objects.isEmpty() || objects.size() > MAX_OBJECTS) {
      throw new IllegalArgumentException("a scene has 1.." + MAX_OBJECTS + " objects, got " + objects.size());
    }
    for (SceneRelation r : relations) {
      if (r.subject() == r.object() || r.subject() < 0 || r.object() < 0
          || r.subject() >= objects.size() || r.object() >= objects.size()) {
        throw new IllegalArgumentException("relation " + r + " does not name two objects of the scene");
      }
    }
  }

  /** Whether the ordered pair (i, j) stands in {@code relation} by box centres ({@link Relation#MARGIN}). */
  public boolean holds(int i, Relation relation, int j) {
    return relation.holds(objects.get(i).box(), objects.get(j).box(), Relation.MARGIN);
  }
}
