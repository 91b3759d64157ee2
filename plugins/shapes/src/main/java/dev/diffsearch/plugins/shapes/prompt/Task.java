package dev.diffsearch.plugins.shapes.prompt;

/** GenEval's six tasks, named by GenEval's own tags. */
public enum Task {
  /** "a photo of a circle": at least one object of the shape. */
  SINGLE_OBJECT("single_object"),
  /** "a circle and a square": at least one of each. */
  TWO_OBJECT("two_object"),
  /** "three green stars": exactly that many matching objects. */
  COUNTING("counting"),
  /** "a red circle": an object of the shape with that colour. */
  COLORS("colors"),
  /** "a red circle to the left of a blue square": both, in that relation by box centres. */
  POSITION("position"),
  /** "a red circle and a blue square": each shape in its own colour. */
  COLOR_ATTR("color_attr");

  private final String tag;

  Task(String tag) {
    this.tag = tag;
  }

  /** GenEval's tag: {@code single_object}, {@code two_object}, {@code counting}, {@code colors}, {@code position}, {@code color_attr}. */
  public String tag() {
    return tag;
  }

  /** The task tagged {@code tag}. */
  public static Task of(String tag) {
    for (Task t : values()) {
      if (t.tag.equals(tag)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown task '" + tag + "'");
  }
}
