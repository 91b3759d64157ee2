package dev.diffsearch.samplers;

import ai.djl.ndarray.NDArray;
import dev.diffsearch.core.spi.Denoiser;
import dev.diffsearch.core.spi.StepObserver;

/**
 * Heun's second-order method, EDM Algorithm 1 (Karras et al. 2022) without churn: an Euler step and a
 * trapezoidal correction, except for a step to σ = 0, which stays Euler. N steps ending at 0 cost 2N − 1
 * NFE; N steps ending above 0 cost 2N.
 */
public final class HeunSampler extends GridSampler {

  public HeunSampler(OdeSamplerConfig config) {
    super(config);
  }

  @Override
  NDArray step(Denoiser denoiser, NDArray x, double s, double sNext, int[] classes, int i, StepObserver observer) {
    NDArray denoised = denoise(denoiser, x, s, classes, i, observer);
    if (sNext == 0) {
      return denoised; // Euler to σ = 0: x + (0 − σ)·(x − D)/σ = D
    }
    // Euler point x̂ = x + (σ' − σ)·d with d = (x − D)/σ, then the trapezoid
    // x' = x + (σ' − σ)/2·(d + d̂), d̂ = (x̂ − D̂)/σ', written as one linear combination of x, D, D̂.
    double r = (sNext - s) / s;
    double h = (sNext - s) / 2;
    NDArray euler = x.mul(1 + r).subi(denoised.mul(r));
    NDArray denoisedNext = denoise(denoiser, euler, sNext, classes, i + 1, StepObserver.NONE);
    double a = 1 + h / s + (h / sNext) * (1 + r);
    double b = -h / s - (h / sNext) * r;
    double c = -h / sNext;
    return x.mul(a).addi(denoised.mul(b)).addi(denoisedNext.mul(c));
  }

  @Override
  public long nfe(double[] grid) {
    int steps = grid.length - 1;
    return grid[grid.length - 1] == 0 ? 2L * steps - 1 : 2L * steps;
  }
}
