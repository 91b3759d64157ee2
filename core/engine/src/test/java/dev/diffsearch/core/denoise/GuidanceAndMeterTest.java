package dev.diffsearch.core.denoise;

import dev.diffsearch.api.denoise.GuidedDenoiser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.spi.Denoiser;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class GuidanceAndMeterTest {

  @AutoClose static final NDManager manager = NDManager.newBaseManager();

  /** D_c = x + class + 1, D_u = x (a model whose two answers are easy to tell apart). */
  static final class Toy implements Denoiser {
    int calls;
    long rows;

    @Override
    public NDArray denoise(NDArray x, NDArray sigma, int[] classes) {
      calls++;
      rows += classes.length;
      double[] shift = new double[classes.length];
      for (int i = 0; i < classes.length; i++) {
        shift[i] = classes[i] == UNCONDITIONAL ? 0 : classes[i] + 1;
      }
      return x.add(x.getManager().create(shift).reshape(classes.length, 1, 1, 1).toType(x.getDataType(), false));
    }

    @Override
    public Shape sampleShape() {
      return new Shape(1, 2, 2);
    }

    @Override
    public int numClasses() {
      return 10;
    }
  }

  @Test
  void guidanceIsUnconditionalPlusWeightTimesTheDifferenceInOneBatchedCall() {
    Toy toy = new Toy();
    Denoiser guided = GuidedDenoiser.wrap(toy, 3.0);
    try (NDManager m = manager.newSubManager()) {
      NDArray x = m.zeros(new Shape(2, 1, 2, 2));
      NDArray out = guided.denoise(x, m.create(new float[] {1, 1}), new int[] {0, 4});
      float[] v = out.toFloatArray();
      // D_u + 3·(D_c − D_u) = 3·(class + 1)
      assertThat(v[0]).isEqualTo(3f);
      assertThat(v[4]).isEqualTo(15f);
    }
    assertThat(toy.calls).isEqualTo(1);
    assertThat(toy.rows).isEqualTo(4);
    assertThat(guided.passesPerEvaluation()).isEqualTo(2);
  }

  @Test
  void guidanceOfOneIsTheConditionalModelItself() {
    Toy toy = new Toy();
    assertThat(GuidedDenoiser.wrap(toy, 1.0)).isSameAs(toy);
  }

  @Test
  void meterCountsOneNfePerRowAndForwardPassesApart() {
    Toy toy = new Toy();
    NfeMeter meter = new NfeMeter(GuidedDenoiser.wrap(toy, 2.0));
    try (NDManager m = manager.newSubManager()) {
      meter.denoise(m.zeros(new Shape(5, 1, 2, 2)), m.ones(new Shape(5)), new int[5]);
      meter.denoise(m.zeros(new Shape(3, 1, 2, 2)), m.ones(new Shape(3)), new int[3]);
    }
    assertThat(meter.nfe()).isEqualTo(8);
    assertThat(meter.forwardPasses()).isEqualTo(16);
    assertThat(meter.calls()).isEqualTo(2);
  }

  @Test
  void meterRefusesAnEvaluationThatWouldPassTheBudget() {
    NfeMeter meter = new NfeMeter(new Toy());
    meter.reset(10);
    try (NDManager m = manager.newSubManager()) {
      meter.denoise(m.zeros(new Shape(6, 1, 2, 2)), m.ones(new Shape(6)), new int[6]);
      assertThatThrownBy(() -> meter.denoise(m.zeros(new Shape(5, 1, 2, 2)), m.ones(new Shape(5)), new int[5]))
          .isInstanceOf(NfeBudgetExceededException.class)
          .hasMessageContaining("limit 10");
    }
    assertThat(meter.nfe()).isEqualTo(6);
    assertThat(meter.remaining()).isEqualTo(4);
  }
}
