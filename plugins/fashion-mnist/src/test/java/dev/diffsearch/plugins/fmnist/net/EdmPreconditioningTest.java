package dev.diffsearch.plugins.fmnist.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.diffsearch.nets.Edm;
import dev.diffsearch.nets.NetBlock;
import org.junit.jupiter.api.Test;

/** The EDM preconditioning and the network plumbing, on an untrained network. */
class EdmPreconditioningTest {

  @Test
  void coefficientsFollowKarrasTable1() {
    try (NDManager m = NDManager.newBaseManager()) {
      double[] sigmas = {0.002, 0.5, 3.0, 80.0};
      float[] s = new float[sigmas.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = (float) sigmas[i];
      }
      NDArray[] so = Edm.skipOut(m.create(s));
      float[] skip = so[0].toFloatArray();
      float[] out = so[1].toFloatArray();
      for (int i = 0; i < s.length; i++) {
        double sd = 0.5;
        double sig = sigmas[i];
        assertThat(skip[i]).isCloseTo((float) (sd * sd / (sig * sig + sd * sd)), within(1e-6f));
        assertThat(out[i]).isCloseTo((float) (sig * sd / Math.sqrt(sig * sig + sd * sd)), within(1e-5f));
        // the EDM loss weight λ(σ) = (σ²+σd²)/(σ·σd)² makes λ·c_out² = 1: the F-space loss equals it
        double lambda = (sig * sig + sd * sd) / Math.pow(sig * sd, 2);
        assertThat(lambda * out[i] * out[i]).isCloseTo(1.0, within(1e-4));
      }
    }
  }

  @Test
  void untrainedNetworkIsTheScaledIdentityAndTakesTheNullClass() {
    // output convolutions start at zero, so F = 0 and D = c_skip·x
    try (NDManager m = NDManager.newBaseManager()) {
      EdmUNet net = new EdmUNet(16);
      net.initialize(m, DataType.FLOAT32, EdmUNet.inputShapes(1));
      NDArray x = m.randomNormal(new Shape(3, 1, 28, 28));
      NDArray sigma = m.create(new float[] {0.1f, 1f, 10f});
      NDArray f = net.forward(new ParameterStore(m, false), new NDList(x, sigma, EdmUNet.oneHot(m, new int[] {0, -1, 9})), false)
          .singletonOrThrow();
      assertThat(f.getShape()).isEqualTo(new Shape(3, 1, 28, 28));
      assertThat(f.abs().max().getFloat()).isZero();
      NDArray d = Edm.denoised(x, sigma, f);
      NDArray expected = x.mul(Edm.skipOut(sigma)[0]);
      assertThat(d.sub(expected).abs().max().getFloat()).isLessThan(1e-6f);
    }
  }

  @Test
  void oneHotUsesTheNullRowForUnconditional() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] hot = EdmUNet.oneHot(m, new int[] {2, -1}).toFloatArray();
      assertThat(hot).hasSize(22);
      assertThat(hot[2]).isEqualTo(1f);
      assertThat(hot[11 + 10]).isEqualTo(1f);
      float sum = 0;
      for (float v : hot) {
        sum += v;
      }
      assertThat(sum).isEqualTo(2f);
      assertThatThrownBy(() -> EdmUNet.oneHot(m, new int[] {10})).hasMessageContaining("out of range");
    }
  }

  @Test
  void spaceToDepthIsInvertible() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.arange(2 * 28 * 28).reshape(2, 1, 28, 28).toType(DataType.FLOAT32, false);
      NDArray y = NetBlock.spaceToDepth(x);
      assertThat(y.getShape()).isEqualTo(new Shape(2, 4, 14, 14));
      // channel 1 of the 4 holds the right neighbour of each 2×2 patch's top-left pixel
      assertThat(y.getFloat(0, 1, 0, 0)).isEqualTo(x.getFloat(0, 0, 0, 1));
      assertThat(y.getFloat(0, 2, 0, 0)).isEqualTo(x.getFloat(0, 0, 1, 0));
      assertThat(NetBlock.depthToSpace(y).sub(x).abs().max().getFloat()).isZero();
    }
  }
}
