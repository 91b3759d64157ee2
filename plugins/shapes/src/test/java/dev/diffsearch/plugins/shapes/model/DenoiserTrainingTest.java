package dev.diffsearch.plugins.shapes.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.nets.TrainLoop;
import dev.diffsearch.plugins.shapes.clip.DualEncoder;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few real training steps of shapes-s on the shipped encoder, and the trained model as the engine uses it. */
class DenoiserTrainingTest {

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void trainsAndTheModelReadsPromptsEncodedOncePerOutput(@TempDir Path dir) throws Exception {
    TrainLoop.Result r;
    try (DenoiserTraining task = new DenoiserTraining(Variant.S, null)) { // on the shipped encoder
      r = TrainLoop.run(task, new TrainLoop.Options(2, 4, 1e-3, 2, dir.resolve("den"), false, 2), QUIET);
    }
    assertThat(r.weights()).isRegularFile().hasFileName("denoiser-s.params");
    assertThat(r.metrics()).containsKeys("held-out-edm-loss", "training-edm-loss");

    try (NDManager m = NDManager.newBaseManager()) {
      ShapesDenoiser d = ShapesModels.open(Variant.S, m, r.weights(), DualEncoder.open(m, null));
      assertThat(d.readsPrompts()).isTrue();
      assertThat(d.sampleShape()).isEqualTo(new Shape(3, 32, 32));
      Condition red = Condition.ofPrompt(new Condition.Prompt("p0", "a red circle"));
      Condition blue = Condition.ofPrompt(new Condition.Prompt("p1", "a blue square above a green star"));
      Object encoding = d.encode(List.of(red, blue, d.nullCondition()));
      NDArray x = m.randomNormal(new Shape(3, 3, 32, 32));
      NDArray sigma = m.create(new float[] {1f, 1f, 1f});
      float[] out = d.denoise(x, sigma, new Conditioning(List.of(red, blue, d.nullCondition()), encoding, new int[] {0, 1, 2}))
          .toFloatArray();
      float[] again = d.denoise(x, sigma, new Conditioning(List.of(red, blue, d.nullCondition()), encoding, new int[] {0, 0, 0}))
          .toFloatArray();
      int n = 3 * 32 * 32;
      assertThat(java.util.Arrays.copyOfRange(out, 0, n)).containsExactly(java.util.Arrays.copyOfRange(again, 0, n));
      assertThat(java.util.Arrays.copyOfRange(out, n, 2 * n)).isNotEqualTo(java.util.Arrays.copyOfRange(again, n, 2 * n));
      assertThatThrownBy(() -> d.denoise(x, sigma, new int[] {0, 1, 2})).hasMessageContaining("reads prompts, not class labels");
      assertThatThrownBy(() -> d.denoise(x, sigma, Conditioning.ofClasses(new int[] {-1, -1, -1})))
          .hasMessageContaining("without the encoding of its prompts");
    }
  }
}
