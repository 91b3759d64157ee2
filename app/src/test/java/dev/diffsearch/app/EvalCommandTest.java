package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diffsearch eval RUN_DIR}: the evaluator of the run's model, chosen by run.json. */
class EvalCommandTest {

  @TempDir static Path tmp;

  @Test
  void aFashionMnistRunIsMeasuredByTheFashionMnistEvaluator() {
    Path run = tmp.resolve("quick");
    Cli.Result r = Cli.runPipeline(Fixtures.repoDir().resolve("examples/quickstart.yaml"), run, "--set", "search.nfe=38",
        "--set", "conditions.samples-per-class=1");
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    Cli.Result eval = Cli.run("eval", run.toString());
    assertThat(eval.exitCode()).as(eval.transcript()).isZero();
    JsonNode metrics = Fixtures.readJson(run.resolve("metrics.json"));
    assertThat(metrics.path("samples").asInt()).isEqualTo(10);
    assertThat(metrics.path("class-accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(metrics.path("fid").isNumber()).isTrue();
    assertThat(eval.out()).contains("wrote " + run.resolve("metrics.json"));
    // 10 samples: too few for FID, KID, precision/recall; said on stderr as warnings, not errors
    assertThat(eval.errorLines()).isNotEmpty().allMatch(l -> l.startsWith("warning: "));
  }

  @Test
  void aDirectoryThatIsNoRunOrAModelWithoutEvaluatorIsOneLineAndExitTwo() throws Exception {
    Cli.Result none = Cli.run("eval", tmp.resolve("nowhere").toString());
    assertThat(none.exitCode()).as(none.transcript()).isEqualTo(2);
    assertThat(none.errorLines()).singleElement().asString()
        .startsWith("error: ").contains("nowhere").contains("not a run directory");

    Path mixture = Files.createDirectories(tmp.resolve("mixture"));
    Files.writeString(mixture.resolve("run.json"), "{\"config\": {\"model\": {\"name\": \"gaussian-mixture\"}}}");
    Cli.Result r = Cli.run("eval", mixture.toString());
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).singleElement().asString()
        .startsWith("error: ").contains(mixture.resolve("run.json").toString())
        .contains("model 'gaussian-mixture' has no evaluator (evaluators: fashion-mnist, shapes)");

    Path nameless = Files.createDirectories(tmp.resolve("nameless"));
    Files.writeString(nameless.resolve("run.json"), "{\"config\": {}}");
    Cli.Result n = Cli.run("eval", nameless.toString());
    assertThat(n.exitCode()).as(n.transcript()).isEqualTo(2);
    assertThat(n.errorLines()).singleElement().asString().contains("names no model (config.model.name)");
    assertThat(mixture.resolve("metrics.json")).doesNotExist();
  }
}
