package dev.diffsearch.plugins.shapes.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.core.config.ConfigLoader;
import dev.diffsearch.core.config.PipelineSpec;
import dev.diffsearch.plugins.shapes.eval.Judge;
import dev.diffsearch.plugins.shapes.prompt.PromptSpec;
import dev.diffsearch.plugins.shapes.prompt.Realiser;
import dev.diffsearch.plugins.shapes.prompt.Task;
import dev.diffsearch.plugins.shapes.world.Canvas;
import dev.diffsearch.plugins.shapes.world.Split;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped prompt suites: regenerated, they equal the files in the jar (to regenerate after a change
 * to the grammar or the samplers, run {@code PromptSuites.main}, see the module README); the engine reads
 * them as a {@code conditions.prompts-file}; their specs are realisable and judged right.
 */
class PromptSuitesTest {

  private static String shipped(String name) throws IOException {
    try (InputStream in = PromptSuites.class.getClassLoader().getResourceAsStream(PromptSuites.RESOURCE_DIR + name)) {
      assertThat(in).as("resource " + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theShippedSuitesAreWhatTheGeneratorWrites() throws IOException {
    assertThat(shipped(PromptSuites.GENEVAL)).isEqualTo(PromptSuites.jsonl(PromptSuites.geneval()));
    assertThat(shipped(PromptSuites.COMPBENCH)).isEqualTo(PromptSuites.jsonl(PromptSuites.compbench()));
  }

  @Test
  void theGenevalSuiteCoversTheSixTasksWithHeldOutCompositions() {
    List<SuitePrompt> suite = PromptSuites.geneval();
    assertThat(suite).hasSize(500);
    Map<Task, List<SuitePrompt>> byTask = suite.stream().collect(Collectors.groupingBy(p -> p.spec().task()));
    assertThat(byTask.keySet()).containsExactlyInAnyOrder(Task.values());
    for (Task task : List.of(Task.COUNTING, Task.COLORS, Task.POSITION, Task.COLOR_ATTR)) {
      assertThat(byTask.get(task).stream().filter(SuitePrompt::heldOut).count()).as(task.tag())
          .isEqualTo(byTask.get(task).size() / 4);
    }
    assertThat(suite.stream().map(SuitePrompt::prompt).distinct()).hasSize(suite.size());
    assertThat(suite).allSatisfy(p -> assertThat(p.category()).isEqualTo(p.spec().task().tag()));
  }

  @Test
  void theCompbenchSuiteHasItsCategories() {
    Map<String, Long> counts = PromptSuites.compbench().stream()
        .collect(Collectors.groupingBy(SuitePrompt::category, Collectors.counting()));
    assertThat(counts).containsOnlyKeys("colour-binding", "shape-binding", "spatial", "numeracy", "complex",
        "misspelled", "rare-words");
    assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(165);
    List<SuitePrompt> reworded = PromptSuites.compbench().stream()
        .filter(p -> p.category().equals("misspelled") || p.category().equals("rare-words")).toList();
    assertThat(reworded).allSatisfy(p -> assertThat(dev.diffsearch.plugins.shapes.caption.Vocabulary.tokens(p.prompt()))
        .as(p.prompt()).anyMatch(w -> !dev.diffsearch.plugins.shapes.caption.Vocabulary.contains(w)));
  }

  @Test
  void theEngineReadsTheSuitesAsPromptFilesWithTheirSpecs(@TempDir Path dir) throws IOException {
    for (String name : List.of(PromptSuites.GENEVAL, PromptSuites.COMPBENCH)) {
      Files.writeString(dir.resolve(name), shipped(name));
      String yaml = String.join("\n",
          "model: {name: m}",
          "sampler: {search: {name: heun, steps: 5}}",
          "verifier: {name: v}",
          "search: {name: random, nfe: 100}",
          "conditions: {prompts-file: " + name + "}", "");
      List<Condition.Prompt> prompts = PipelineSpec.from(ConfigLoader.parse(yaml, "suite.yaml"), dir).prompts();
      List<SuitePrompt> suite = name.equals(PromptSuites.GENEVAL) ? PromptSuites.geneval() : PromptSuites.compbench();
      Map<String, SuitePrompt> byId = suite.stream().collect(Collectors.toMap(SuitePrompt::id, Function.identity()));
      assertThat(prompts).hasSize(suite.size());
      for (Condition.Prompt p : prompts) {
        SuitePrompt expected = byId.get(p.id());
        assertThat(p.text()).isEqualTo(expected.prompt());
        assertThat(p.metadata()).containsEntry("category", expected.category())
            .containsEntry("held-out", String.valueOf(expected.heldOut()));
        Task task = Task.of(p.metadata().get("task"));
        assertThat(PromptSpec.fromJson(task, p.metadata().get("spec"))).isEqualTo(expected.spec());
      }
    }
  }

  @Test
  void everySuitePromptIsRealisedAndJudgedRight() {
    SplittableRandom random = new SplittableRandom(23);
    var seen = new HashSet<String>();
    for (List<SuitePrompt> suite : List.of(PromptSuites.geneval(), PromptSuites.compbench())) {
      for (SuitePrompt p : suite) {
        Realiser realiser = new Realiser(p.heldOut() ? Split.HELD_OUT : Split.TRAINING);
        assertThat(Judge.judge(p.spec(), Canvas.render(realiser.realise(p.spec(), random))).pass()).as(p.prompt()).isTrue();
        assertThat(seen.add(p.id())).isTrue();
      }
    }
  }
}
