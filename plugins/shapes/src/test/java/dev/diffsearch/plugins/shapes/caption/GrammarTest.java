package dev.diffsearch.plugins.shapes.caption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.plugins.shapes.eval.Judge;
import dev.diffsearch.plugins.shapes.prompt.ObjectSpec;
import dev.diffsearch.plugins.shapes.prompt.PromptSpec;
import dev.diffsearch.plugins.shapes.prompt.SpecSampler;
import dev.diffsearch.plugins.shapes.prompt.Task;
import dev.diffsearch.plugins.shapes.world.Canvas;
import dev.diffsearch.plugins.shapes.world.Colour;
import dev.diffsearch.plugins.shapes.world.Relation;
import dev.diffsearch.plugins.shapes.world.Scene;
import dev.diffsearch.plugins.shapes.world.SceneSampler;
import dev.diffsearch.plugins.shapes.world.Shape;
import dev.diffsearch.plugins.shapes.world.Size;
import dev.diffsearch.plugins.shapes.world.Split;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The caption grammar: the sentences it writes, their paraphrases, and its closed vocabulary. */
class GrammarTest {

  @Test
  void writesTheCanonicalSentences() {
    assertThat(Grammar.canonical(new PromptSpec(Task.POSITION,
        List.of(ObjectSpec.of(Colour.RED, Shape.CIRCLE), ObjectSpec.of(Colour.BLUE, Shape.SQUARE)), Relation.LEFT_OF)))
        .isEqualTo("a red circle to the left of a blue square");
    assertThat(Grammar.canonical(new PromptSpec(Task.COUNTING,
        List.of(new ObjectSpec(Shape.TRIANGLE, Colour.YELLOW, null, 2)), null)))
        .isEqualTo("two yellow triangles");
    assertThat(Grammar.canonical(new PromptSpec(Task.POSITION, List.of(
        new ObjectSpec(Shape.STAR, Colour.PURPLE, Size.SMALL, 1), new ObjectSpec(Shape.RING, Colour.GREEN, Size.LARGE, 1)),
        Relation.ABOVE)))
        .isEqualTo("a small purple star above a large green ring");
    assertThat(Grammar.canonical(new PromptSpec(Task.COLORS, List.of(ObjectSpec.of(Colour.ORANGE, Shape.CROSS)), null)))
        .isEqualTo("an orange cross");
    assertThat(Grammar.canonical(new PromptSpec(Task.COLOR_ATTR, List.of(ObjectSpec.of(Colour.RED, Shape.CIRCLE),
        ObjectSpec.of(Colour.BLUE, Shape.SQUARE), ObjectSpec.of(Colour.WHITE, Shape.DIAMOND)), null)))
        .isEqualTo("a red circle, a blue square and a white diamond");
  }

  @Test
  void paraphrasesVaryAndTheConverseKeepsTheMeaning() {
    PromptSpec spec = new PromptSpec(Task.POSITION,
        List.of(ObjectSpec.of(Colour.RED, Shape.CIRCLE), ObjectSpec.of(Colour.BLUE, Shape.SQUARE)), Relation.LEFT_OF);
    SplittableRandom random = new SplittableRandom(3);
    Set<String> texts = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      texts.add(Grammar.caption(spec, random));
    }
    assertThat(texts).hasSizeGreaterThan(20)
        .contains("a photo of a red circle to the left of a blue square", "a blue square on the right of a red circle")
        .allSatisfy(t -> assertThat(t).matches(".*(red circle (to the |on the )?left of a blue square"
            + "|blue square (to the |on the )?right of a red circle)"));
  }

  @Test
  void everyWordOfEveryCaptionIsInTheVocabulary() {
    SplittableRandom random = new SplittableRandom(5);
    Set<String> used = new HashSet<>();
    for (Split split : Split.values()) {
      SceneSampler scenes = new SceneSampler(split);
      SpecSampler specs = new SpecSampler(split);
      for (int i = 0; i < 3000; i++) {
        used.addAll(Vocabulary.tokens(SceneCaptions.caption(scenes.sample(random), random)));
        Task task = Task.values()[i % Task.values().length];
        used.addAll(Vocabulary.tokens(Grammar.caption(specs.sample(task, random), random)));
      }
    }
    assertThat(used).allSatisfy(w -> assertThat(Vocabulary.contains(w)).as(w).isTrue());
    assertThat(Vocabulary.WORDS).isSorted().doesNotHaveDuplicates()
        .contains("red", "circle", "circles", "crosses", "left", "above", "beneath", "photo", ",")
        .hasSizeLessThan(80);
    assertThat(used).as("the grammar uses its whole vocabulary")
        .containsAll(Vocabulary.WORDS.stream().filter(w -> !w.equals("one")).toList());
  }

  @Test
  void tokensAreLowerCaseWordsAndCommas() {
    assertThat(Vocabulary.tokens("A red Circle, two  blue squares.")).containsExactly("a", "red", "circle", ",", "two", "blue", "squares");
  }

  @ParameterizedTest(name = "colours named: {0}")
  @ValueSource(booleans = {true, false})
  void aScenesCaptionDescribesWhatItsRenderShows(boolean colours) {
    SplittableRandom random = new SplittableRandom(9);
    SceneSampler scenes = new SceneSampler(Split.TRAINING);
    for (int i = 0; i < 500; i++) {
      Scene scene = scenes.sample(random);
      PromptSpec described = SceneCaptions.describe(scene, random, colours);
      assertThat(described.objectCount()).isEqualTo(scene.objects().size());
      assertThat(described.objects()).allMatch(o -> (o.colour() != null) == colours, "colours named: " + colours);
      assertThat(Judge.judge(described, Canvas.render(scene)).pass()).as("%s for %s", described, scene).isTrue();
    }
  }
}
