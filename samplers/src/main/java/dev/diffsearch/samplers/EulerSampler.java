package dev.diffsearch.samplers;

import ai.djl.ndarray.NDArray;
import dev.diffsearch.core.spi.Denoiser;
import dev.diffsearch.core.spi.StepObserver;

/** Euler's method on the probability-flow ODE (Karras et al. 2022, eq. 1): one NFE per step. */
public final class EulerSampler extends GridSampler {

  public EulerSampler(OdeSamplerConfig config) {
    super(config);
  }

  @Override
  NDArray step(Denoiser denoiser, NDArray x, double s, double sNext, int[] classes, int i, StepObserver observer) {
    NDArray denoised = denoise(denoiser, x, s, classes, i, observer);
    if (sNext == 0) {
      return denoised; // x + (0 − σ)·(x − D)/σ = D
    }
    // x' = x + (σ' − σ)·d with d = (x − D)/σ
    double r = (sNext - s) / s;
    return x.mul(1 + r).subi(denoised.mul(r));
  }

  @Override
  public long nfe(double[] grid) {
    return grid.length - 1;
  }
}
