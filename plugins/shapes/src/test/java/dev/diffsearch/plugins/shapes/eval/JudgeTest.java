package dev.diffsearch.plugins.shapes.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.plugins.shapes.prompt.ObjectSpec;
import dev.diffsearch.plugins.shapes.prompt.PromptSpec;
import dev.diffsearch.plugins.shapes.prompt.Task;
import dev.diffsearch.plugins.shapes.world.Box;
import dev.diffsearch.plugins.shapes.world.Canvas;
import dev.diffsearch.plugins.shapes.world.Colour;
import dev.diffsearch.plugins.shapes.world.Relation;
import dev.diffsearch.plugins.shapes.world.Scene;
import dev.diffsearch.plugins.shapes.world.SceneObject;
import dev.diffsearch.plugins.shapes.world.SceneRelation;
import dev.diffsearch.plugins.shapes.world.Shape;
import dev.diffsearch.plugins.shapes.world.Size;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evaluator on hand-made scenes: it passes what a prompt asks and fails each kind of mismatch, both ways. */
class JudgeTest {

  private static SceneObject object(Shape shape, Colour colour, Size size, int x, int y) {
    return new SceneObject(shape, colour, size, new Box(x, y, size.pixels(), size.pixels()));
  }

  /** A red circle (left) and a large blue square (right), side by side. */
  private static final Scene PAIR = new Scene(List.of(
      object(Shape.CIRCLE, Colour.RED, Size.SMALL, 2, 12),
      object(Shape.SQUARE, Colour.BLUE, Size.LARGE, 17, 10)), List.of(new SceneRelation(0, Relation.LEFT_OF, 1)));

  private static Verdict judge(Task task, Scene scene, Relation relation, ObjectSpec... objects) {
    return Judge.judge(new PromptSpec(task, List.of(objects), relation), Canvas.render(scene));
  }

  @Test
  void parsingFindsEachObjectWithItsShapeColourSizeAndBox() {
    for (Shape shape : Shape.values()) {
      for (Colour colour : Colour.values()) {
        for (Size size : Size.values()) {
          Scene scene = new Scene(List.of(object(shape, colour, size, 9, 5)), List.of());
          List<Detection> found = SceneParser.parse(Canvas.render(scene));
          assertThat(found).as("%s %s %s", size, colour, shape).hasSize(1);
          Detection d = found.get(0);
          assertThat(d.shape()).isEqualTo(shape);
          assertThat(d.colour()).isEqualTo(colour);
          assertThat(d.size()).isEqualTo(size);
          assertThat(d.box().centreX()).isCloseTo(9 + size.pixels() / 2.0, org.assertj.core.data.Offset.offset(1.0));
        }
      }
    }
  }

  @Test
  void aWrongColourFailsAndTheRightOnePasses() {
    assertThat(judge(Task.COLORS, PAIR, null, ObjectSpec.of(Colour.RED, Shape.CIRCLE)).pass()).isTrue();
    Verdict wrong = judge(Task.COLORS, PAIR, null, ObjectSpec.of(Colour.GREEN, Shape.CIRCLE));
    assertThat(wrong.pass()).isFalse();
    assertThat(wrong.reason()).isEqualTo("wanted green circle, found 0 (saw large blue square, small red circle)");
  }

  @Test
  void swappedColoursFailColourAttribution() {
    assertThat(judge(Task.COLOR_ATTR, PAIR, null, ObjectSpec.of(Colour.RED, Shape.CIRCLE), ObjectSpec.of(Colour.BLUE, Shape.SQUARE)).pass())
        .isTrue();
    assertThat(judge(Task.COLOR_ATTR, PAIR, null, ObjectSpec.of(Colour.BLUE, Shape.CIRCLE), ObjectSpec.of(Colour.RED, Shape.SQUARE)).pass())
        .isFalse();
  }

  @Test
  void aSwappedRelationFailsAndTheStatedOnePasses() {
    ObjectSpec circle = ObjectSpec.of(Shape.CIRCLE);
    ObjectSpec square = ObjectSpec.of(Shape.SQUARE);
    assertThat(judge(Task.POSITION, PAIR, Relation.LEFT_OF, circle, square).pass()).isTrue();
    assertThat(judge(Task.POSITION, PAIR, Relation.RIGHT_OF, square, circle).pass()).isTrue();
    Verdict swapped = judge(Task.POSITION, PAIR, Relation.RIGHT_OF, circle, square);
    assertThat(swapped.pass()).isFalse();
    assertThat(swapped.reason()).startsWith("no circle right of a square");
    assertThat(judge(Task.POSITION, PAIR, Relation.LEFT_OF, square, circle).pass()).isFalse();
  }

  @Test
  void countingIsExact() {
    List<SceneObject> stars = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      stars.add(object(Shape.STAR, Colour.GREEN, Size.SMALL, 1 + 10 * i, 4));
    }
    stars.add(object(Shape.STAR, Colour.WHITE, Size.SMALL, 12, 20));
    Scene scene = new Scene(stars, List.of());
    assertThat(judge(Task.COUNTING, scene, null, new ObjectSpec(Shape.STAR, Colour.GREEN, null, 3)).pass()).isTrue();
    assertThat(judge(Task.COUNTING, scene, null, new ObjectSpec(Shape.STAR, null, null, 4)).pass()).isTrue();
    Verdict two = judge(Task.COUNTING, scene, null, new ObjectSpec(Shape.STAR, Colour.GREEN, null, 2));
    assertThat(two.pass()).isFalse();
    assertThat(two.reason()).startsWith("wanted exactly 2 green stars, found 3");
    assertThat(judge(Task.COUNTING, scene, null, new ObjectSpec(Shape.STAR, null, null, 3)).pass()).isFalse();
    assertThat(judge(Task.TWO_OBJECT, scene, null, ObjectSpec.of(Shape.STAR), ObjectSpec.of(Shape.RING)).pass()).isFalse();
  }

  @Test
  void aWrongShapeOrSizeFails() {
    assertThat(judge(Task.SINGLE_OBJECT, PAIR, null, new ObjectSpec(Shape.SQUARE, null, Size.LARGE, 1)).pass()).isTrue();
    assertThat(judge(Task.SINGLE_OBJECT, PAIR, null, new ObjectSpec(Shape.SQUARE, null, Size.SMALL, 1)).pass()).isFalse();
    assertThat(judge(Task.SINGLE_OBJECT, PAIR, null, ObjectSpec.of(Shape.DIAMOND)).pass()).isFalse();
    assertThat(judge(Task.TWO_OBJECT, PAIR, null, ObjectSpec.of(Shape.CIRCLE), ObjectSpec.of(Shape.SQUARE)).pass()).isTrue();
  }

  @Test
  void anEmptyOrUnreadableImageShowsNothing() {
    float[] grey = new float[3 * Canvas.SIZE * Canvas.SIZE];
    java.util.Arrays.fill(grey, Canvas.toUnit(Canvas.BACKGROUND));
    assertThat(SceneParser.parse(grey)).isEmpty();
    Verdict nothing = Judge.judge(new PromptSpec(Task.SINGLE_OBJECT, List.of(ObjectSpec.of(Shape.CIRCLE)), null), grey);
    assertThat(nothing.reason()).isEqualTo("wanted circle, found 0 (saw nothing)");
    float[] between = new float[grey.length];
    java.util.Arrays.fill(between, 0.6f);   // a colour far from every palette entry and the background
    assertThat(SceneParser.parse(between)).isEmpty();
  }
}
