package dev.diffsearch.plugins.torchscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffsearch.core.run.Progress;
import dev.diffsearch.core.run.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole pipeline on the fixture module: YAML binding, the path resolved against the pipeline's folder,
 * guided (−1 rows) Heun solves, random search under its budget, and a winner that regenerates bit for bit;
 * then the same on the text fixture with prompts, its encoder and tokenizer, or precomputed embeddings.
 * The backend and a test verifier are found on the class path, as built-ins are.
 */
class EndToEndTest {

  static final String PIPELINE = """
      seed: 7
      model:
        name: torchscript
        path: models/fixture.pt          # relative to this file
        parameterization: eps
        num-classes: 4
        sample-shape: [3, 8, 8]
        guidance: 2.0
      sampler:
        search: {name: heun, steps: 4}   # 7 NFE per candidate
      verifier: {name: test-redness}
      search: {name: random, nfe: 28, max-batch: 3}
      conditions: {classes: [1, 3], samples-per-class: 1}
      """;

  @Test
  void randomSearchOnTheFixtureRunsWithinBudgetAndItsWinnersRegenerate(@TempDir Path tmp) throws Exception {
    Path fixture = Path.of(EndToEndTest.class.getResource("/fixture.pt").toURI());
    Files.createDirectories(tmp.resolve("models"));
    Files.copy(fixture, tmp.resolve("models/fixture.pt"));
    Path config = Files.writeString(tmp.resolve("pipeline.yaml"), PIPELINE);
    Path noPlugins = tmp.resolve("plugins");

    Runs.Outcome outcome = Runs.start(
        new Runs.Request(config, List.of(), tmp.resolve("run"), noPlugins, k -> null, Progress.Listener.NONE));

    assertThat(outcome.result().outputsRun()).isEqualTo(2);
    JsonNode summary = new ObjectMapper().readTree(outcome.runDir().resolve("summary.json").toFile());
    assertThat(summary.path("complete").asBoolean()).isTrue();
    for (JsonNode output : summary.path("outputs")) {
      assertThat(output.path("candidates").asInt()).isEqualTo(4);
      assertThat(output.path("search-nfe").asLong()).isEqualTo(28);
      assertThat(output.path("final-nfe").asLong()).isEqualTo(7); // the winner, rendered again
      assertThat(output.path("forward-passes").asLong()).isEqualTo(2 * (28 + 7)); // guidance: 2 per NFE
      String id = output.path("id").asText();
      byte[] png = Files.readAllBytes(outcome.runDir().resolve("images").resolve(id + ".png"));
      byte[] again = Runs.regenerate(outcome.runDir(), id, null, noPlugins, k -> null);
      assertThat(again).isEqualTo(png);
    }
    JsonNode runJson = new ObjectMapper().readTree(outcome.runDir().resolve("run.json").toFile());
    assertThat(runJson.toString()).contains("torchscript");
    assertThat(Files.readAllLines(outcome.runDir().resolve("candidates.jsonl"))).hasSize(8);
  }

  static final String TEXT_PIPELINE = """
      seed: 7
      model:
        name: torchscript
        path: models/text-denoiser.pt
        parameterization: eps
        sample-shape: [3, 8, 8]
        guidance: 2.0                    # the empty prompt's rows: 2 forward passes per NFE
        text: %s
      sampler:
        search: {name: heun, steps: 4}   # 7 NFE per candidate
      verifier: {name: test-redness}
      search: {name: random, nfe: 28, max-batch: 3}
      conditions: {prompts: %s, samples-per-prompt: 1}
      """;
  static final String ENCODER = "{encoder: models/text-encoder.pt, tokenizer: models/tokenizer.json, max-length: 8}";
  static final String PRECOMPUTED =
      "{embeddings: models/text-embeddings.npy, mask: models/text-mask.npy, prompts: models/text-prompts.jsonl}";
  static final String PROMPTS = "['a red circle to the left of a blue square', 'two green triangles']";
  static final String SWAPPED = "['two green triangles', 'a red circle to the left of a blue square']";

  /** Runs the text pipeline with {@code text} and {@code prompts} into {@code tmp/name}. */
  static Runs.Outcome textRun(Path tmp, String name, String text, String prompts) throws Exception {
    Path models = Files.createDirectories(tmp.resolve("models"));
    for (String f : List.of("text-denoiser.pt", "text-encoder.pt", "tokenizer.json", "text-embeddings.npy",
        "text-mask.npy", "text-prompts.jsonl")) {
      if (!Files.exists(models.resolve(f))) {
        Files.copy(Path.of(EndToEndTest.class.getResource("/" + f).toURI()), models.resolve(f));
      }
    }
    Path config = Files.writeString(tmp.resolve(name + ".yaml"), TEXT_PIPELINE.formatted(text, prompts));
    return Runs.start(new Runs.Request(config, List.of(), tmp.resolve(name), tmp.resolve("plugins"), k -> null,
        Progress.Listener.NONE));
  }

  @Test
  void aTextConditionedModelSearchesPerPromptEncodingEachOutputOnceAndItsWinnersRegenerate(@TempDir Path tmp)
      throws Exception {
    long before = EncodedText.FORWARD_PASSES.get();
    Runs.Outcome outcome = textRun(tmp, "run", ENCODER, PROMPTS);
    // one pass for the probe at open, then one per output (its prompt and the empty prompt together)
    assertThat(EncodedText.FORWARD_PASSES.get() - before).isEqualTo(1 + 2);

    assertThat(outcome.result().outputsRun()).isEqualTo(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode summary = json.readTree(outcome.runDir().resolve("summary.json").toFile());
    assertThat(summary.path("complete").asBoolean()).isTrue();
    JsonNode outputs = summary.path("outputs");
    assertThat(outputs.get(0).path("prompt").path("text").asText()).isEqualTo("a red circle to the left of a blue square");
    assertThat(outputs.get(1).path("prompt").path("text").asText()).isEqualTo("two green triangles");
    Path noPlugins = tmp.resolve("plugins");
    for (JsonNode output : outputs) {
      assertThat(output.path("candidates").asInt()).isEqualTo(4);
      assertThat(output.path("forward-passes").asLong()).isEqualTo(2 * (28 + 7));
      String id = output.path("id").asText();
      byte[] png = Files.readAllBytes(outcome.runDir().resolve("images").resolve(id + ".png"));
      long encodings = EncodedText.FORWARD_PASSES.get();
      assertThat(Runs.regenerate(outcome.runDir(), id, null, noPlugins, k -> null)).isEqualTo(png);
      assertThat(EncodedText.FORWARD_PASSES.get() - encodings).isEqualTo(1 + 1); // the probe, the output's encoding
    }

    // the same noise (output 0) with the other prompt makes another image: the model reads the prompt
    Runs.Outcome swapped = textRun(tmp, "swapped", ENCODER, SWAPPED);
    String first = outputs.get(0).path("id").asText();
    assertThat(Files.readAllBytes(swapped.runDir().resolve("images").resolve(first + ".png")))
        .isNotEqualTo(Files.readAllBytes(outcome.runDir().resolve("images").resolve(first + ".png")));

    // embeddings computed offline (by the export script, with torch) choose the same winners with the same scores
    long encodings = EncodedText.FORWARD_PASSES.get();
    Runs.Outcome precomputed = textRun(tmp, "precomputed", PRECOMPUTED, PROMPTS);
    assertThat(EncodedText.FORWARD_PASSES.get()).isEqualTo(encodings); // no encoder
    JsonNode offline = json.readTree(precomputed.runDir().resolve("summary.json").toFile()).path("outputs");
    for (int i = 0; i < 2; i++) {
      assertThat(offline.get(i).path("best-id").asText()).isEqualTo(outputs.get(i).path("best-id").asText());
      assertThat(offline.get(i).path("best-score").asDouble())
          .isCloseTo(outputs.get(i).path("best-score").asDouble(), withinPercentage(0.001)); // float rounding of two torch builds
    }
  }
}
