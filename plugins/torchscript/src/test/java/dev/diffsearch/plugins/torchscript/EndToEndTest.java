package dev.diffsearch.plugins.torchscript;

import static org.assertj.core.api.Assertions.assertThat;

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
 * guided (−1 rows) Heun solves, random search under its budget, and a winner that regenerates bit for bit.
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
}
