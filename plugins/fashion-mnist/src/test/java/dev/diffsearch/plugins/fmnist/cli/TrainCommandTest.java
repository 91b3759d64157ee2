package dev.diffsearch.plugins.fmnist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.plugins.fmnist.net.Classifier;
import dev.diffsearch.plugins.fmnist.net.FashionMnistDenoiser;
import dev.diffsearch.plugins.fmnist.net.Net;
import dev.diffsearch.plugins.fmnist.net.ParamFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

  @TempDir Path dir;

  private int run(List<String> args, ByteArrayOutputStream out, ByteArrayOutputStream err) throws Exception {
    return Commands.fashionMnist().run(args, new PrintStream(out, true), new PrintStream(err, true));
  }

  @Test
  void trainsCheckpointsEveryEpochAndResumes() throws Exception {
    Path out = dir.resolve("v");
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int rc = run(List.of("train", "verifier", "--limit", "384", "--batch", "64", "--epochs", "1", "--out", out.toString()), o, e);
    assertThat(rc).as(e.toString()).isZero();
    assertThat(out.resolve("checkpoint.params")).isRegularFile();
    assertThat(out.resolve("verifier.params")).isRegularFile();
    assertThat(e.toString()).contains("[verifier] epoch 1/1").contains("items/s").contains("ETA").contains("loss");
    String log = Files.readString(out.resolve("train.log"));
    assertThat(log).contains("epoch 1 done");

    ByteArrayOutputStream e2 = new ByteArrayOutputStream();
    rc = run(List.of("train", "verifier", "--limit", "384", "--batch", "64", "--epochs", "2", "--out", out.toString(), "--resume"), o, e2);
    assertThat(rc).as(e2.toString()).isZero();
    assertThat(e2.toString()).contains("resumed from").contains("1 epochs done").contains("epoch 2/2").doesNotContain("epoch 1/2");
    ParamFile.Contents c = ParamFile.read(out.resolve("checkpoint.params"));
    assertThat(c.metadata()).contains("\"epochs-done\":2");
    // the exported weights load into the network and classify
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      Classifier trained = Classifier.open(Net.VERIFIER, m, out.resolve("verifier.params"));
      assertThat(trained).isNotNull();
    }
  }

  @Test
  void denoiserTrainingStepRuns() throws Exception {
    Path out = dir.resolve("d");
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int rc = run(List.of("train", "denoiser-s", "--limit", "128", "--batch", "32", "--epochs", "1", "--out", out.toString()), o, e);
    assertThat(rc).as(e.toString()).isZero();
    assertThat(o.toString()).contains("test EDM loss");
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      FashionMnistDenoiser d = FashionMnistDenoiser.open(Net.DENOISER_S, m, out.resolve("denoiser-s.params"));
      assertThat(d.modelName()).isEqualTo("fmnist-s");
    }
  }

  @Test
  void badInputIsExitCodeTwo() throws Exception {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    assertThat(run(List.of("train", "resnet"), o, e)).isEqualTo(2);
    assertThat(e.toString()).contains("unknown network 'resnet'");
    assertThat(run(List.of("train", "verifier", "--epochs", "0"), o, e)).isEqualTo(2);
    assertThat(run(List.of("fly"), o, e)).isEqualTo(2);
    assertThat(run(List.of("train", "verifier", "--data", dir.toString(), "--out", dir.resolve("x").toString()), o, e)).isEqualTo(2);
    assertThat(e.toString()).contains("apt-get install -y dataset-fashion-mnist");
    assertThat(run(List.of("train", "verifier", "--resume", "--out", dir.resolve("none").toString()), o, e)).isNotZero();
    assertThat(run(List.of("--help"), o, e)).isZero();
    assertThat(o.toString()).contains("denoiser-s | denoiser-l | verifier | evaluator");
    for (String sub : List.of("sample", "grid", "bench", "reference-stats")) {
      o.reset();
      assertThat(run(List.of(sub, "--help"), o, e)).as(sub).isZero();
      assertThat(o.toString()).as(sub).contains("fashion-mnist " + sub);
    }
  }
}
