package dev.diffsearch.plugins.fmnist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.io.Png;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import dev.diffsearch.api.spi.RunEvaluator;
import dev.diffsearch.core.plugin.ExtensionKind;
import dev.diffsearch.plugins.fmnist.eval.Evaluation;
import dev.diffsearch.plugins.fmnist.eval.Reference;
import dev.diffsearch.plugins.fmnist.net.Classifier;
import dev.diffsearch.plugins.fmnist.net.Net;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diffsearch fashion-mnist eval} and the fashion-mnist evaluator on run directories of real test images. */
class EvalCommandTest {

  /** The Fashion-MNIST test set. */
  static FashionMnist.Data test;

  @TempDir Path dir;

  @BeforeAll
  static void loadTestSet() throws Exception {
    test = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST);
  }

  /** A run directory holding real test images as its "samples", labelled with their true class. */
  private Path fakeRun(FashionMnist.Data data, int n, boolean wrongLabels) throws Exception {
    Path run = dir.resolve(wrongLabels ? "wrong" : "run");
    Files.createDirectories(run.resolve("images"));
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ArrayNode outs = root.putArray("outputs");
    for (int i = 0; i < n; i++) {
      String id = String.format("o%04d", i);
      Files.write(run.resolve("images/" + id + ".png"), Png.encode(data.image(i), 1, 28, 28));
      ObjectNode o = outs.addObject();
      o.put("id", id);
      o.put("class", wrongLabels ? (data.labels()[i] + 1) % 10 : data.labels()[i]);
      o.put("image", "images/" + id + ".png");
    }
    Files.writeString(run.resolve("summary.json"), json.writeValueAsString(root));
    return run;
  }

  @Test
  void evalWritesMetricsOfRealImagesNearTheCeiling() throws Exception {
    Path run = fakeRun(test, 200, false);
    Commands.Outcome o = Commands.ok("fashion-mnist", "eval", run.toString());
    JsonNode m = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
    assertThat(m.get("samples").asInt()).isEqualTo(200);
    assertThat(m.get("class-accuracy").asDouble()).isGreaterThan(0.85);
    assertThat(m.get("inception-score").asDouble()).isBetween(5.0, 10.0);
    assertThat(m.get("precision").asDouble()).isGreaterThan(0.9);
    assertThat(m.get("recall").asDouble()).isGreaterThan(0.5);
    assertThat(m.get("fid").asDouble()).isGreaterThanOrEqualTo(0.0);
    assertThat(m.has("kid")).isTrue();
    assertThat(m.get("class-accuracy-per-class").size()).isEqualTo(10);
    assertThat(m.get("warnings")).as("200 samples: enough for every metric").isEmpty();
    assertThat(o.err()).doesNotContain("warning");

    // diffsearch eval's evaluator for fashion-mnist runs: the same metrics with the same defaults
    Files.delete(run.resolve("metrics.json"));
    List<String> said = new java.util.ArrayList<>();
    JsonNode e = Commands.extension(ExtensionKind.EVALUATOR, RunEvaluator.class, "fashion-mnist").evaluate(run, said::add);
    assertThat(e.get("fid").asDouble()).isEqualTo(m.get("fid").asDouble());
    assertThat(e.get("class-accuracy").asDouble()).isEqualTo(m.get("class-accuracy").asDouble());
    assertThat(new ObjectMapper().readTree(run.resolve("metrics.json").toFile())).isEqualTo(e);
    assertThat(said).isEmpty();

    // the same images under wrong labels: same FID, no class accuracy (scored directly, no second command)
    Path wrong = fakeRun(test, 200, true);
    try (ai.djl.ndarray.NDManager mm = ai.djl.ndarray.NDManager.newBaseManager()) {
      Reference.Stats ref = Reference.shipped();
      Evaluation.Real real = new Evaluation.Real("test", ref.test(), ref.testFeatures(), ref.testCount());
      JsonNode w = Evaluation.evaluate(Classifier.open(Net.EVALUATOR, mm, null), Evaluation.readRun(wrong), real, 3, 2);
      assertThat(w.get("class-accuracy").asDouble()).isLessThan(0.1);
      assertThat(w.get("fid").asDouble()).isEqualTo(m.get("fid").asDouble());
      assertThat(w.get("precision").asDouble()).isEqualTo(m.get("precision").asDouble());
    }
  }

  @Test
  void metricsFromTooFewSamplesCarryWarningsInMetricsJsonAndOnStderr() throws Exception {
    Path run = fakeRun(test, 10, false);
    Commands.Outcome o = Commands.ok("fashion-mnist", "eval", run.toString());
    JsonNode m = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
    assertThat(m.get("kid-subsets").asText()).isEqualTo("10 x 10");
    List<String> warnings = new java.util.ArrayList<>();
    m.get("warnings").forEach(w -> warnings.add(w.asText()));
    assertThat(warnings).hasSize(3);
    assertThat(warnings.get(0)).startsWith("FID from 10 samples is biased (below 129");
    assertThat(warnings.get(1)).startsWith("KID from 10 samples is unreliable (below 100)").contains("negative");
    assertThat(warnings.get(2)).startsWith("precision and recall from 10 samples are unreliable (below 100)");
    // the same lines on stderr, one each, after the metrics on stdout
    assertThat(o.err().lines().filter(l -> l.startsWith("warning: ")).toList())
        .containsExactlyElementsOf(warnings.stream().map(w -> "warning: " + w).toList());
    assertThat(o.out()).contains("\"warnings\"").contains("wrote " + run.resolve("metrics.json"));

    // 120 samples: enough for KID and precision/recall, not for a full-rank 128-d covariance
    try (ai.djl.ndarray.NDManager mm = ai.djl.ndarray.NDManager.newBaseManager()) {
      Reference.Stats ref = Reference.shipped();
      Evaluation.Real real = new Evaluation.Real("test", ref.test(), ref.testFeatures(), ref.testCount());
      Evaluation.Samples s = Evaluation.balanced(test, 120);
      JsonNode w = Evaluation.evaluate(Classifier.open(Net.EVALUATOR, mm, null), s, real, 3, 2);
      assertThat(w.get("warnings")).hasSize(1);
      assertThat(w.get("warnings").get(0).asText()).startsWith("FID from 120 samples is biased");
    }
  }

  @Test
  void badArgumentsAreExitCodeTwoWithOneLine() throws Exception {
    assertThat(Commands.eval().code()).isEqualTo(2);
    Commands.Outcome missing = Commands.eval(dir.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("summary.json");
    assertThat(Commands.eval("--bogus").code()).isEqualTo(2);
  }
}
