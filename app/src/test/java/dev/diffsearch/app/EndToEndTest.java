package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diffsearch run} on a small copy of the quickstart, and every file of the run directory. */
class EndToEndTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  @TempDir static Path tmp;
  static Path runDir;
  static Cli.Result result;

  @BeforeAll
  static void runSmallQuickstart() {
    ObjectNode config = Fixtures.smallQuickstart(tmp, 42, 0, 7);
    Path yaml = Fixtures.writeYaml(tmp, "quickstart-small.yaml", config);
    runDir = tmp.resolve("runs").resolve("small"); // output: {dir: <tmp>/runs, name: small}
    result = Cli.run("run", yaml.toString(), "--plugins-dir", Fixtures.pluginsDir().toString(), "--no-progress");
  }

  @Test
  void runExitsZeroAndWritesTheRunDirectoryNamedByOutputDirAndName() {
    assertThat(result.exitCode()).as(result.transcript()).isZero();
    assertThat(runDir.resolve("run.json")).isRegularFile();
    assertThat(runDir.resolve("candidates.jsonl")).isRegularFile();
    assertThat(runDir.resolve("summary.json")).isRegularFile();
    assertThat(result.out()).contains("run " + runDir).contains("2 outputs done");
  }

  @Test
  void runJsonHoldsSeedConfigResolvedPluginsAndExtensionOrigins() {
    ObjectNode run = Fixtures.readJson(runDir.resolve("run.json"));
    assertThat(run.path("seed").asLong()).isEqualTo(42);
    assertThat(run.path("config").path("search").path("nfe").asInt()).isEqualTo(Fixtures.SEARCH_NFE);
    assertThat(run.path("config").path("model").path("name").asText()).isEqualTo("gaussian-mixture");
    assertThat(run.path("resolved").isObject()).isTrue();
    assertThat(run.path("resolved").path("sampler").path("search").path("steps").asInt()).isEqualTo(4);
    List<String> pluginIds = new ArrayList<>();
    run.path("plugins").forEach(p -> pluginIds.add(p.path("id").asText()));
    assertThat(pluginIds).contains("gaussian-mixture");
    JsonNode extensions = run.path("extensions");
    assertThat(extensions.path("model").asText()).startsWith("gaussian-mixture (gaussian-mixture@");
    assertThat(extensions.path("sampler.search").asText()).isEqualTo("heun (built-in)");
    assertThat(extensions.path("sampler.final").asText()).isEqualTo("heun (built-in)");
    assertThat(extensions.path("verifier").asText()).startsWith("mixture-posterior (gaussian-mixture@");
    assertThat(extensions.path("search").asText()).isEqualTo("random (built-in)");
  }

  @Test
  void candidatesJsonlHasOneLinePerCandidateCountedInTheSummary() {
    ObjectNode summary = Fixtures.readJson(runDir.resolve("summary.json"));
    int counted = 0;
    for (JsonNode o : summary.path("outputs")) {
      counted += o.path("candidates").asInt();
    }
    List<JsonNode> lines = Fixtures.candidates(runDir);
    assertThat(lines).hasSize(counted).isNotEmpty();
    for (JsonNode line : lines) {
      assertThat(line.has("output")).as("output in %s", line).isTrue();
      assertThat(line.has("id")).as("id in %s", line).isTrue();
      assertThat(line.path("nfe").isIntegralNumber()).as("nfe in %s", line).isTrue();
      assertThat(line.path("score").isNumber()).as("score in %s", line).isTrue();
      assertThat(line.path("nfe").asLong()).isBetween(1L, (long) Fixtures.SEARCH_NFE);
    }
    List<String> summaryIds = new ArrayList<>();
    summary.path("outputs").forEach(o -> summaryIds.add(o.path("id").asText()));
    assertThat(lines.stream().map(l -> l.path("output").asText()).distinct().toList()).isEqualTo(summaryIds);
  }

  @Test
  void eachOutputHasAPngImageAndAnNpyNoise() {
    ObjectNode summary = Fixtures.readJson(runDir.resolve("summary.json"));
    List<String> ids = new ArrayList<>();
    summary.path("outputs").forEach(o -> ids.add(o.path("id").asText()));
    assertThat(ids).containsExactly("o0000-class00-s000", "o0001-class07-s000");
    assertThat(Fixtures.files(runDir.resolve("images"), ".png"))
        .containsExactlyElementsOf(ids.stream().map(id -> id + ".png").toList());
    assertThat(Fixtures.files(runDir.resolve("noises"), ".npy"))
        .containsExactlyElementsOf(ids.stream().map(id -> id + ".npy").toList());
    for (String id : ids) {
      byte[] png = Fixtures.bytes(runDir.resolve("images").resolve(id + ".png"));
      assertThat(Arrays.copyOf(png, PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
      byte[] npy = Fixtures.bytes(runDir.resolve("noises").resolve(id + ".npy"));
      assertThat(Arrays.copyOf(npy, NPY_MAGIC.length)).isEqualTo(NPY_MAGIC);
    }
  }

  @Test
  void summaryKeepsEverySearchWithinItsBudget() {
    ObjectNode summary = Fixtures.readJson(runDir.resolve("summary.json"));
    JsonNode outputs = summary.path("outputs");
    assertThat(outputs).hasSize(2);
    long sum = 0;
    for (JsonNode o : outputs) {
      assertThat(o.path("search-nfe").asLong()).as("search-nfe of %s", o.path("id")).isBetween(1L, (long) Fixtures.SEARCH_NFE);
      assertThat(o.path("final-nfe").asLong()).as("heun 4 steps").isEqualTo(7);
      assertThat(o.path("candidates").asInt()).isPositive();
      assertThat(o.path("best-score").isNumber()).isTrue();
      sum += o.path("search-nfe").asLong();
    }
    JsonNode totals = summary.path("totals");
    assertThat(totals.path("search-nfe").asLong()).isEqualTo(sum).isLessThanOrEqualTo((long) Fixtures.SEARCH_NFE * outputs.size());
    assertThat(totals.path("outputs-done").asInt()).isEqualTo(2);
    assertThat(totals.path("outputs-total").asInt()).isEqualTo(2);
    assertThat(summary.path("complete").asBoolean()).isTrue();
  }

  @Test
  void theBestIdOfEachOutputIsItsHighestScoringCandidate() {
    ObjectNode summary = Fixtures.readJson(runDir.resolve("summary.json"));
    List<JsonNode> lines = Fixtures.candidates(runDir);
    for (JsonNode o : summary.path("outputs")) {
      String id = o.path("id").asText();
      JsonNode best = lines.stream()
          .filter(l -> l.path("output").asText().equals(id))
          .reduce((a, b) -> b.path("score").asDouble() > a.path("score").asDouble() ? b : a)
          .orElseThrow();
      assertThat(o.path("best-id").asText()).isEqualTo(best.path("id").asText());
      assertThat(o.path("best-score").asDouble()).isEqualTo(best.path("score").asDouble());
    }
  }

  @Test
  void outOptionOverridesTheOutputDirectoryOfTheConfig(@TempDir Path other) {
    Path yaml = Fixtures.writeYaml(other, "one.yaml", Fixtures.smallQuickstart(other, 1, 3));
    Path out = other.resolve("elsewhere");
    Cli.Result r = Cli.runPipeline(yaml, out);
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(out.resolve("summary.json")).isRegularFile();
    assertThat(other.resolve("runs")).doesNotExist();
  }

  @Test
  void aSecondRunIntoTheSameDirectoryIsRefusedWithExitCode2() {
    Cli.Result again = Cli.runPipeline(tmp.resolve("quickstart-small.yaml"), runDir);
    assertThat(again.exitCode()).as(again.transcript()).isEqualTo(2);
    assertThat(again.errorLines()).singleElement().asString().startsWith("error: ").contains("already holds a run");
  }
}
