package dev.diffsearch.plugins.shapes.world;

import java.util.List;

/**
 * The fixed held-out compositions: colour×shape pairs and (shape, relation, shape) triples that the
 * training split never produces and every held-out scene contains at least one of.
 *
 * <p>A scene <em>contains</em> a pair when one of its objects has that colour and shape, and a triple
 * when two of its objects stand in that relation by box centres ({@link Relation#MARGIN}), stated or
 * not; a triple and its converse ("square right of circle" for "circle left of square") are one
 * composition.
 */
public final class HeldOut {

  /** A colour×shape pair. */
  public record Pair(Colour colour, Shape shape) {}

  /** A shape–relation–shape triple. */
  public record Triple(Shape subject, Relation relation, Shape object) {}

  /** One colour per shape, seven distinct colours: no shape and no colour is held out whole. */
  public static final List<Pair> PAIRS = List.of(
      new Pair(Colour.ORANGE, Shape.CIRCLE),
      new Pair(Colour.BLUE, Shape.SQUARE),
      new Pair(Colour.PINK, Shape.TRIANGLE),
      new Pair(Colour.GREEN, Shape.STAR),
      new Pair(Colour.PURPLE, Shape.RING),
      new Pair(Colour.YELLOW, Shape.CROSS),
      new Pair(Colour.BROWN, Shape.DIAMOND));

  /** Six triples, every shape in at least one, every relation at least once (converses included). */
  public static final List<Triple> TRIPLES = List.of(
      new Triple(Shape.CIRCLE, Relation.LEFT_OF, Shape.SQUARE),
      new Triple(Shape.TRIANGLE, Relation.ABOVE, Shape.STAR),
      new Triple(Shape.RING, Relation.RIGHT_OF, Shape.CROSS),
      new Triple(Shape.DIAMOND, Relation.BELOW, Shape.CIRCLE),
      new Triple(Shape.STAR, Relation.LEFT_OF, Shape.DIAMOND),
      new Triple(Shape.SQUARE, Relation.ABOVE, Shape.RING));

  private HeldOut() {}

  /** Whether a {@code colour} {@code shape} is a held-out pair. */
  public static boolean pair(Colour colour, Shape shape) {
    return PAIRS.contains(new Pair(colour, shape));
  }

  /** Whether "{@code subject} {@code relation} {@code object}" is a held-out triple or the converse of one. */
  public static boolean triple(Shape subject, Relation relation, Shape object) {
    return TRIPLES.contains(new Triple(subject, relation, object))
        || TRIPLES.contains(new Triple(object, relation.converse(), subject));
  }

  /** Whether the scene contains a held-out pair or triple. */
  public static boolean contains(Scene scene) {
    List<SceneObject> objects = scene.objects();
    for (SceneObject o : objects) {
      if (pair(o.colour(), o.shape())) {
        return true;
      }
    }
    for (int i = 0; i < objects.size(); i++) {
      for (int j = 0; j < objects.size(); j++) {
        if (i == j) {
          continue;
        }
        for (Relation r : Relation.values()) {
          if (scene.holds(i, r, j) && triple(objects.get(i).shape(), r, objects.get(j).shape())) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
