package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every algorithm's example pipeline runs, records its candidates and regenerates its winners bit for bit. */
class AlgorithmsEndToEndTest {

  @BeforeAll
  static void engine() {
    Fixtures.engine();
  }

  @ParameterizedTest
  @ValueSource(strings = {"random", "zero-order", "paths", "smc", "beam"})
  void theExamplePipelineRunsAndItsWinnersRegenerateBitIdentically(String algorithm, @TempDir Path tmp) throws IOException {
    Path example = Fixtures.repoDir().resolve("examples").resolve(algorithm + ".yaml");
    assertThat(example).isRegularFile();
    Path run = tmp.resolve("run");
    Cli.Result r = Cli.runPipeline(example, run, "--set", "conditions.classes=[3]", "--set", "conditions.samples-per-class=2");
    assertThat(r.exitCode()).as(r.transcript()).isZero();

    ObjectNode summary = Fixtures.readJson(run.resolve("summary.json"));
    ObjectNode runJson = Fixtures.readJson(run.resolve("run.json"));
    long budget = runJson.path("budget").path("search-nfe-per-output").asLong();
    assertThat(runJson.path("extensions").path("search").asText()).startsWith(algorithm + " (built-in)");
    assertThat(runJson.path("oracle-verifier").isBoolean()).isTrue();
    assertThat(runJson.path("oracle-verifier").asBoolean()).isFalse();

    List<JsonNode> candidates = Fixtures.candidates(run);
    Set<String> seen = new HashSet<>();
    for (JsonNode c : candidates) {
      assertThat(c.has("id") && c.has("parent") && c.has("sigma") && c.has("nfe") && c.has("score")).as(c.toString()).isTrue();
      String key = c.path("output").asText() + "/" + c.path("id").asText();
      assertThat(seen.add(key)).as("duplicate candidate " + key).isTrue();
      if (!c.path("parent").isNull()) {
        assertThat(seen).as("parent of " + key).contains(c.path("output").asText() + "/" + c.path("parent").asText());
      }
      assertThat(c.path("nfe").asLong()).isLessThanOrEqualTo(budget);
    }

    // an example shows its algorithm at work: it spends its budget, and a branching search branches
    assertThat(reusedParents(candidates)).as("candidates that share a parent at one σ (resampled/branched)")
        .satisfies(n -> {
          if (!algorithm.equals("random")) {
            assertThat(n).isPositive();
          }
        });
    // the run records what its search plans with its budget and the size it derived from it (the random
    // and smc examples leave theirs out: 32 candidates of 19 NFE, 20 particles of 30), and each output what
    // it spent beside that budget
    long planned = runJson.path("budget").path("planned-search-nfe-per-output").asLong();
    assertThat(planned).isLessThanOrEqualTo(budget).isPositive();
    JsonNode derived = runJson.path("budget").path("derived");
    switch (algorithm) {
      case "random" -> assertThat(derived.path("candidates").asLong()).isEqualTo(32);
      case "smc" -> assertThat(derived.path("particles").asLong()).isEqualTo(20);
      default -> assertThat(derived.isMissingNode()).as("sizes given in the example").isTrue();
    }
    for (JsonNode output : summary.path("outputs")) {
      String id = output.path("id").asText();
      assertThat(output.path("nfe-budget").asLong()).isEqualTo(budget);
      assertThat(output.path("search-nfe").asLong()).isEqualTo(planned);
      assertThat(output.path("search-nfe").asLong()).isLessThanOrEqualTo(budget);
      assertThat(output.path("search-nfe").asLong()).as("%s spends at least 90%% of its budget", id)
          .isGreaterThanOrEqualTo(budget * 9 / 10);
      JsonNode recipe = output.path("recipe");
      Npy.Array noises = Npy.read(run.resolve(output.path("noise").asText()));
      int renoises = 0;
      for (JsonNode s : recipe.path("segments")) {
        renoises += s.path("op").asText().equals("renoise") ? 1 : 0;
      }
      assertThat(noises.data()).hasSize(784 * (1 + renoises));
      if (algorithm.equals("paths") || algorithm.equals("beam")) {
        assertThat(renoises).as("a branching winner depends on injected noise").isPositive();
      }

      Path png = tmp.resolve(id + ".png");
      Cli.Result regen = Cli.run("regenerate", run.toString(), "--output", id, "--png", png.toString(),
          "--plugins-dir", Fixtures.pluginsDir().toString());
      assertThat(regen.exitCode()).as(regen.transcript()).isZero();
      assertThat(regen.out()).contains("identical");
      assertThat(Files.readAllBytes(png)).isEqualTo(Files.readAllBytes(run.resolve("images").resolve(id + ".png")));
    }
  }

  /** Candidates whose parent already has another child scored at the same σ, in the same output. */
  static int reusedParents(List<JsonNode> candidates) {
    Set<String> children = new HashSet<>();
    int reused = 0;
    for (JsonNode c : candidates) {
      if (!c.path("parent").isNull()) {
        String key = c.path("output").asText() + "/" + c.path("parent").asText() + "@" + c.path("sigma").asDouble();
        reused += children.add(key) ? 0 : 1;
      }
    }
    return reused;
  }
}
