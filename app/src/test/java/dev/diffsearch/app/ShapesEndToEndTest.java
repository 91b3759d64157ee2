package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text-to-image end to end with the bundled shapes plugin: the shipped shapes-s denoiser searched for prompts
 * of the GenEval-like suite with the clip-score verifier, each prompt encoded once per output; kept samples
 * regenerate bit for bit; {@code shapes eval} judges them by parsing the images.
 */
class ShapesEndToEndTest {

  @TempDir static Path tmp;
  static Path run;

  @BeforeAll
  static void search() {
    Fixtures.engine();
    List<String> suite = Fixtures.lines(Fixtures.repoDir().resolve("examples/prompts/shapes-geneval-60.jsonl"));
    // a single object, two objects and a count: three of the six tasks
    Fixtures.writeText(tmp, "prompts.jsonl", suite.get(0) + "\n" + suite.get(10) + "\n" + suite.get(20) + "\n");
    Path yaml = Fixtures.writeText(tmp, "t2i.yaml", """
        seed: 3
        model: {name: shapes, variant: s, guidance: 2.0}
        sampler:
          search: {name: heun, steps: 6}
          final: {name: heun, steps: 10}
        verifier: {name: clip-score}
        search: {name: random, nfe: 44, max-batch: 4}
        conditions: {prompts-file: prompts.jsonl}
        """);
    run = tmp.resolve("run");
    Cli.Result r = Cli.runPipeline(yaml, run);
    assertThat(r.exitCode()).as(r.transcript()).isZero();
  }

  @Test
  void searchesEachPromptRegeneratesBitIdenticallyAndEvaluatesByParsingTheImages() {
    JsonNode outputs = Fixtures.readJson(run.resolve("summary.json")).path("outputs");
    List<String> ids = new ArrayList<>();
    outputs.forEach(o -> ids.add(o.path("id").asText()));
    assertThat(ids).hasSize(3).allMatch(id -> id.matches("o000\\d-p000\\d-s000"));
    for (JsonNode o : outputs) {
      assertThat(o.path("prompt").path("metadata").path("task").asText()).isNotBlank();
      assertThat(o.path("candidates").asInt()).isEqualTo(4); // 44 NFE / 11 NFE (heun 6 steps)
      assertThat(o.path("forward-passes").asLong()).isEqualTo(2 * (o.path("search-nfe").asLong() + o.path("final-nfe").asLong()));
    }
    for (String id : ids) {
      Path png = tmp.resolve(id + ".png");
      Cli.Result regen = Cli.run("regenerate", run.toString(), "--output", id, "--png", png.toString());
      assertThat(regen.exitCode()).as(regen.transcript()).isZero();
      assertThat(Fixtures.bytes(png)).isEqualTo(Fixtures.bytes(run.resolve("images").resolve(id + ".png")));
    }
    Cli.Result eval = Cli.run("eval", run.toString()); // the shapes evaluator, chosen by the run's model
    assertThat(eval.exitCode()).as(eval.transcript()).isZero();
    assertThat(eval.out()).contains("wrote " + run.resolve("metrics.json"));
    JsonNode metrics = Fixtures.readJson(run.resolve("metrics.json"));
    assertThat(metrics.path("outputs").asInt()).isEqualTo(3);
    assertThat(metrics.path("geneval").path("overall").asDouble()).isBetween(0.0, 1.0);
    assertThat(metrics.path("clip-score").isNumber()).isTrue();
    assertThat(metrics.path("aesthetic").isNumber()).isTrue();
  }

  /**
   * The three prompts searched all at once (one cohort: the model conditioned on the cohort's encoding of all three
   * prompts and guidance's empty one, the verifier scoring the three outputs' rows in one call): the same NFE,
   * forward passes and candidates, scores equal to within float noise, the winners rendered together and each
   * regenerated bit for bit with the others.
   */
  @Test
  void promptsInFlightShareBatchesAndRegenerateBitIdentically() {
    Path yaml = Fixtures.writeText(tmp, "t2i-in-flight.yaml",
        Fixtures.lines(tmp.resolve("t2i.yaml")).stream().map(l -> l.startsWith("search:")
            ? "search: {name: random, nfe: 44, max-batch: 12, outputs-in-flight: 3}" : l)
            .reduce((a, b) -> a + "\n" + b).orElseThrow() + "\n");
    Path together = tmp.resolve("in-flight");
    Cli.Result r = Cli.runPipeline(yaml, together);
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    JsonNode one = Fixtures.readJson(run.resolve("summary.json")).path("outputs");
    JsonNode three = Fixtures.readJson(together.resolve("summary.json")).path("outputs");
    List<String> ids = new ArrayList<>();
    one.forEach(o -> ids.add(o.path("id").asText()));
    for (int i = 0; i < 3; i++) {
      for (String key : List.of("id", "search-nfe", "final-nfe", "forward-passes", "candidates")) {
        assertThat(three.get(i).path(key)).as(i + " " + key).isEqualTo(one.get(i).path(key));
      }
      List<String> with = new ArrayList<>();
      three.get(i).path("rendered-with").forEach(id -> with.add(id.asText()));
      assertThat(with).isEqualTo(ids);
    }
    List<JsonNode> a = Fixtures.candidates(run);
    List<JsonNode> b = Fixtures.candidates(together);
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).path("id")).isEqualTo(a.get(i).path("id"));
      assertThat(b.get(i).path("score").asDouble()).as("line %d", i)
          .isCloseTo(a.get(i).path("score").asDouble(), org.assertj.core.api.Assertions.within(1e-3));
    }
    for (String id : ids) {
      Path png = tmp.resolve(id + "-in-flight.png");
      Cli.Result regen = Cli.run("regenerate", together.toString(), "--output", id, "--png", png.toString());
      assertThat(regen.exitCode()).as(regen.transcript()).isZero();
      assertThat(Fixtures.bytes(png)).isEqualTo(Fixtures.bytes(together.resolve("images").resolve(id + ".png")));
    }
  }
}
