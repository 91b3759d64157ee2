package dev.diffsearch.plugins.shapes.world;

/**
 * A spatial relation between two objects, decided by their box centres (as GenEval does): "A left of B"
 * holds when B's centre is at least a margin to the right of A's.
 */
public enum Relation {
  LEFT_OF("left of"),
  RIGHT_OF("right of"),
  ABOVE("above"),
  BELOW("below");

  /** The centre distance, in pixels, from which a relation holds (the evaluator's and the split's rule). */
  public static final double MARGIN = 2.0;

  private final String key;

  Relation(String key) {
    this.key = key;
  }

  /** The relation's name in specs and prompt files: {@code left of}, {@code right of}, {@code above}, {@code below}. */
  public String key() {
    return key;
  }

  /** The relation with the objects swapped: left of ↔ right of, above ↔ below. */
  public Relation converse() {
    return switch (this) {
      case LEFT_OF -> RIGHT_OF;
      case RIGHT_OF -> LEFT_OF;
      case ABOVE -> BELOW;
      case BELOW -> ABOVE;
    };
  }

  /** Whether the axis is horizontal (left/right). */
  public boolean horizontal() {
    return this == LEFT_OF || this == RIGHT_OF;
  }

  /** How far, in pixels, {@code a} lies in this relation's direction from {@code b} (positive when it holds). */
  public double offset(Box a, Box b) {
    return switch (this) {
      case LEFT_OF -> b.centreX() - a.centreX();
      case RIGHT_OF -> a.centreX() - b.centreX();
      case ABOVE -> b.centreY() - a.centreY();
      case BELOW -> a.centreY() - b.centreY();
    };
  }

  /** Whether "a [this] b" holds by box centres with {@code margin} pixels to spare. */
  public boolean holds(Box a, Box b, double margin) {
    return offset(a, b) >= margin;
  }

  /** The relation whose {@link #key()} is {@code key}. */
  public static Relation of(String key) {
    for (Relation r : values()) {
      if (r.key.equals(key)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown relation '" + key + "'");
  }
}
