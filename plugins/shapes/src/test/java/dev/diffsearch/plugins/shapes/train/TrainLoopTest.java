package dev.diffsearch.plugins.shapes.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import dev.diffsearch.nets.ParamFile;
import dev.diffsearch.nets.TrainLoop;
import dev.diffsearch.plugins.shapes.quality.QualityHead;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop stops at a non-finite loss before updating, and the checkpoint on disk stays the good one. */
class TrainLoopTest {

  /** Fits a tiny head to a constant; its loss turns NaN from step {@code nanFrom} on. */
  record Task(int nanFrom) implements TrainLoop.Task {
    @Override
    public TrainLoop.Network network() {
      return new TrainLoop.Network("tiny", QualityHead::new, QualityHead::inputShapes);
    }

    @Override
    public NDList batch(NDManager manager, int step, int size, SplittableRandom random) {
      return new NDList(manager.randomNormal(new Shape(size, 64)), manager.create(step >= nanFrom ? Float.NaN : 7f));
    }

    @Override
    public NDArray loss(Trainer trainer, NDList batch) {
      return trainer.forward(new NDList(batch.get(0))).get(0).sub(batch.get(1)).square().mean();
    }

    @Override
    public Map<String, Double> evaluate(Block ema, NDManager manager) {
      return Map.of("steps", 1.0);
    }
  }

  @Test
  void aNonFiniteLossStopsTrainingAndKeepsTheLastCheckpoint(@TempDir Path dir) throws Exception {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    assertThatThrownBy(() -> TrainLoop.run(new Task(5), new TrainLoop.Options(8, 4, 1e-3, 1, dir, false, 2), quiet))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the loss is NaN at step 5")
        .hasMessageContaining("keeps step 4");
    var meta = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(ParamFile.read(TrainLoop.checkpointFile(dir)).metadata());
    assertThat(meta.path("step").asInt()).isEqualTo(4);
    for (ParamFile.Tensor t : ParamFile.read(TrainLoop.weightsFile(dir, "tiny")).tensors().values()) {
      for (float v : t.data()) {
        assertThat(v).isFinite();
      }
    }
    // resumed with the cause gone, it finishes
    TrainLoop.Result r = TrainLoop.run(new Task(Integer.MAX_VALUE), new TrainLoop.Options(8, 4, 1e-3, 1, dir, true, 2), quiet);
    assertThat(ParamFile.read(r.weights()).metadata()).contains("\"step\": 8");
  }
}
