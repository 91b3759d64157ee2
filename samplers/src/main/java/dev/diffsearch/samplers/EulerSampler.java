package dev.diffsearch.samplers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.StepObserver;

/** Euler's method on the probability-flow ODE (Karras et al. 2022, eq. 1): one NFE per step. */
public final class EulerSampler extends GridSampler {

  public EulerSampler(OdeSamplerConfig config) {
    super(config);
  }

  @Override
  void step(Denoiser denoiser, NDManager scope, NDArray x, float[] xs, Workspace work, double s, double sNext,
      Conditioning conditioning, int i, StepObserver observer) {
    denoise(denoiser, scope, x, s, conditioning, i, observer, work.denoised);
    // x' = x + (σ' − σ)·(x − D)/σ = (1 + r)·x − r·D with r = (σ' − σ)/σ; exactly D when σ' = 0
    double r = (sNext - s) / s;
    if (sNext == 0) {
      System.arraycopy(work.denoised, 0, xs, 0, xs.length);
    } else {
      combine(xs, xs, (float) (1 + r), work.denoised, (float) -r);
    }
  }

  @Override
  public long nfe(double[] grid) {
    return grid.length - 1;
  }
}
