package dev.diffsearch.core.denoise;

import dev.diffsearch.api.denoise.Parameterization;
import dev.diffsearch.api.denoise.RawNetwork;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.spi.Denoiser;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * For Gaussian data N(μ, s²I) each parameterization's exact network is written in its own coordinates
 * and the adapter must return the exact EDM denoiser (s²·x + σ²·μ)/(s² + σ²).
 */
class ParameterizationTest {

  static final double MU = 0.25;
  static final double S2 = 0.36;
  @AutoClose static final NDManager manager = NDManager.newBaseManager();

  private static NDArray x(NDManager m) {
    double[] v = new double[4 * 6];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.sin(i * 1.7) * 3;
    }
    return m.create(v, new Shape(4, 1, 2, 3));
  }

  private static NDArray sigma(NDManager m) {
    return m.create(new double[] {0.01, 0.4, 2.0, 40.0});
  }

  private static NDArray exact(NDArray x, NDArray sigma) {
    NDArray s2 = Parameterization.perRow(sigma, x).square();
    return x.mul(S2).add(s2.mul(MU)).div(s2.add(S2));
  }

  /** {@code network} adapted by {@code p} denoises exactly as the EDM denoiser of the Gaussian data does. */
  private static void assertAdaptedToTheExactDenoiser(Parameterization p, RawNetwork network) {
    try (NDManager m = manager.newSubManager()) {
      Denoiser d = p.adapt(network, new Shape(1, 2, 3), 0);
      NDArray got = d.denoise(x(m), sigma(m), new int[4]);
      assertThat(got.sub(exact(x(m), sigma(m))).abs().max().getDouble()).isLessThan(1e-9);
    }
  }

  @Test
  void epsPredictionInVpCoordinatesIsAdaptedToTheExactDenoiser() {
    // x_vp = √ᾱ·x0 + √(1−ᾱ)·ε with ᾱ = 1/(1+σ²): E[ε | x_vp] = √(1−ᾱ)·(x_vp − √ᾱ·μ)/(ᾱ·s² + 1 − ᾱ)
    RawNetwork eps = (xVp, sigma, classes) -> {
      NDArray abar = Parameterization.perRow(sigma, xVp).square().add(1).pow(-1);
      NDArray sqrtAbar = abar.sqrt();
      NDArray one = abar.neg().add(1);
      return one.sqrt().mul(xVp.sub(sqrtAbar.mul(MU))).div(abar.mul(S2).add(one));
    };
    assertAdaptedToTheExactDenoiser(Parameterization.EPS, eps);
  }

  @Test
  void flowVelocityOnTheLinearInterpolantIsAdaptedToTheExactDenoiser() {
    // x_t = (1−t)·x0 + t·ε: E[x0 | x_t] = μ + (1−t)s²/((1−t)²s² + t²)·(x_t − (1−t)μ), v̂ = (x_t − E[x0|x_t])/t
    RawNetwork flow = (xt, t, classes) -> {
      NDArray tr = Parameterization.perRow(t, xt);
      NDArray a = tr.neg().add(1);
      NDArray mean = xt.sub(a.mul(MU)).mul(a.mul(S2)).div(a.square().mul(S2).add(tr.square())).add(MU);
      return xt.sub(mean).div(tr);
    };
    assertAdaptedToTheExactDenoiser(Parameterization.FLOW, flow);
  }

  @Test
  void edmNetworksPassThrough() {
    RawNetwork edm = (x, sigma, classes) -> exact(x, sigma);
    try (NDManager m = manager.newSubManager()) {
      Denoiser d = Parameterization.EDM.adapt(edm, new Shape(1, 2, 3), 0);
      assertThat(d.denoise(x(m), sigma(m), new int[4]).toDoubleArray())
          .containsExactly(exact(x(m), sigma(m)).toDoubleArray());
    }
  }

  @Test
  void parameterizationNamesParseAndUnknownOnesAreRejected() {
    assertThat(Parameterization.parse("Flow")).isEqualTo(Parameterization.FLOW);
    assertThatThrownBy(() -> Parameterization.parse("v")).hasMessageContaining("edm, eps, flow");
  }
}
