package dev.diffsearch.plugins.shapes.clip;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.diffsearch.nets.ParamFile;
import dev.diffsearch.nets.TrainLoop;
import dev.diffsearch.plugins.shapes.world.Split;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dual encoder's training: batches, a few real steps, the checkpoint, resume, and the trained files. */
class ClipTrainingTest {

  @Test
  void aBatchHoldsRendersTheirCaptionsAndNearMissesWordedAlike() {
    ClipTraining.Example e = ClipTraining.example(Split.TRAINING, 5);
    assertThat(e.caption()).isNotEqualTo(e.nearMiss());
    assertThat(e.caption().split(" ").length).isEqualTo(e.nearMiss().split(" ").length);
    try (NDManager m = NDManager.newBaseManager()) {
      NDList batch = ClipTraining.examples(m, Split.TRAINING, 3, 4);
      assertThat(batch.get(0).getShape().getShape()).containsExactly(4, 3, 32, 32);
      assertThat(batch.get(1).getShape().getShape()).containsExactly(8, Tokens.LENGTH, Tokens.SIZE);
      assertThat(batch.get(2).getShape().getShape()).containsExactly(8, Tokens.LENGTH);
      assertThat(ClipTraining.examples(m, Split.TRAINING, 3, 4).get(0).toFloatArray())
          .containsExactly(batch.get(0).toFloatArray()); // a batch depends on its seed alone
    }
  }

  @Test
  void trainsSavesResumesAndTheWeightsLoad(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(log, true, StandardCharsets.UTF_8);
    TrainLoop.Options first = new TrainLoop.Options(2, 8, 1e-3, 7, dir, false, 2);
    TrainLoop.Result r = TrainLoop.run(new ClipTraining(), first, err);
    assertThat(r.weights()).isEqualTo(dir.resolve("dual-encoder.params")).isRegularFile();
    assertThat(dir.resolve("checkpoint.params")).isRegularFile();
    assertThat(r.metrics()).containsKeys("held-out-top1", "held-out-beats-swapped-colours", "held-out-swapped-colour-margin",
        "training-top1");
    assertThat(ParamFile.read(r.weights()).metadata()).contains("\"step\": 2");

    TrainLoop.Result more = TrainLoop.run(new ClipTraining(), new TrainLoop.Options(3, 8, 1e-3, 7, dir, true, 2), err);
    var meta = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ParamFile.read(more.weights()).metadata());
    assertThat(meta.path("step").asInt()).isEqualTo(3);
    assertThat(meta.path("history").findValues("step")).extracting(n -> n.asInt()).containsExactly(2, 3);
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("resumed from").contains("step 3/3");
    assertThat(Files.readString(dir.resolve("train.log"))).contains("[dual-encoder] finished");

    try (NDManager m = NDManager.newBaseManager()) {
      DualEncoder encoder = DualEncoder.open(m, more.weights());
      NDArray texts = encoder.texts(m, List.of("a red circle", "a zyzzyva next to a qwerty"));
      assertThat(texts.getShape().getShape()).containsExactly(2, DualEncoderNet.EMBED);
      float[] norms = texts.norm(new int[] {1}).toFloatArray();
      assertThat(norms[0]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
      assertThat(norms[1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f)); // unknown words are encoded
    }
  }
}
