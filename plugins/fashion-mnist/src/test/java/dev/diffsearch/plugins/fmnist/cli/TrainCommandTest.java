package dev.diffsearch.plugins.fmnist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.plugins.fmnist.net.Classifier;
import dev.diffsearch.plugins.fmnist.net.FashionMnistDenoiser;
import dev.diffsearch.plugins.fmnist.net.Net;
import dev.diffsearch.nets.ParamFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

  @TempDir Path dir;

  @Test
  void trainsCheckpointsEveryEpochAndResumes() throws Exception {
    Path out = dir.resolve("v");
    Commands.Outcome first = Commands.ok("fashion-mnist", "train", "verifier", "--limit", "384", "--batch", "64",
        "--epochs", "1", "--out", out.toString());
    assertThat(out.resolve("checkpoint.params")).isRegularFile();
    assertThat(out.resolve("verifier.params")).isRegularFile();
    assertThat(first.err()).contains("[verifier] epoch 1/1").contains("items/s").contains("ETA").contains("loss");
    String log = Files.readString(out.resolve("train.log"));
    assertThat(log).contains("epoch 1 done");

    Commands.Outcome resumed = Commands.ok("fashion-mnist", "train", "verifier", "--limit", "384", "--batch", "64",
        "--epochs", "2", "--out", out.toString(), "--resume");
    assertThat(resumed.err()).contains("resumed from").contains("1 epochs done").contains("epoch 2/2")
        .doesNotContain("epoch 1/2");
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
    assertThat(Commands.ok("fashion-mnist", "train", "denoiser-s", "--limit", "128", "--batch", "32", "--epochs", "1",
        "--out", out.toString()).out()).contains("test EDM loss");
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      FashionMnistDenoiser d = FashionMnistDenoiser.open(Net.DENOISER_S, m, out.resolve("denoiser-s.params"));
      assertThat(d.modelName()).isEqualTo("fmnist-s");
    }
  }

  @Test
  void badInputIsExitCodeTwo() throws Exception {
    Commands.Outcome resnet = Commands.fashionMnist("train", "resnet");
    assertThat(resnet.code()).isEqualTo(2);
    assertThat(resnet.err()).contains("unknown network 'resnet'");
    assertThat(Commands.fashionMnist("train", "verifier", "--epochs", "0").code()).isEqualTo(2);
    assertThat(Commands.fashionMnist("fly").code()).isEqualTo(2);
    Commands.Outcome noData = Commands.fashionMnist("train", "verifier", "--data", dir.toString(), "--out",
        dir.resolve("x").toString());
    assertThat(noData.code()).isEqualTo(2);
    assertThat(noData.err()).contains("apt-get install -y dataset-fashion-mnist");
    assertThat(Commands.fashionMnist("train", "verifier", "--resume", "--out", dir.resolve("none").toString()).code())
        .isNotZero();
    Commands.Outcome help = Commands.fashionMnist("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("denoiser-s | denoiser-l | verifier | evaluator");
    for (String sub : List.of("sample", "grid", "bench", "reference-stats")) {
      Commands.Outcome o = Commands.fashionMnist(sub, "--help");
      assertThat(o.code()).as(sub).isZero();
      assertThat(o.out()).as(sub).contains("fashion-mnist " + sub);
    }
  }
}
