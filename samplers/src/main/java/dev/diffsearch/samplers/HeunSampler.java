package dev.diffsearch.samplers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.StepObserver;

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
  void step(Denoiser denoiser, NDManager scope, NDArray x, float[] xs, Workspace work, double s, double sNext,
      Conditioning conditioning, int i, StepObserver observer) {
    float[] d = work.denoised;
    denoise(denoiser, scope, x, s, conditioning, i, observer, d);
    if (sNext == 0) {
      System.arraycopy(d, 0, xs, 0, xs.length); // Euler to σ = 0: x + (0 − σ)·(x − D)/σ = D
      return;
    }
    // Euler point x̂ = x + (σ' − σ)·(x − D)/σ = (1 + r)·x − r·D
    double r = (sNext - s) / s;
    combine(work.euler, xs, (float) (1 + r), d, (float) -r);
    NDArray eulerArray = work.eulerUpload.upload(scope, work.euler, x.getShape()).toType(x.getDataType(), false);
    denoise(denoiser, scope, eulerArray, sNext, conditioning, i + 1, StepObserver.NONE, work.denoisedNext);
    // trapezoid x' = x + (σ' − σ)/2·((x − D)/σ + (x̂ − D̂)/σ'), as one linear combination of x, D, D̂
    double h = (sNext - s) / 2;
    double a = 1 + h / s + (h / sNext) * (1 + r);
    double b = -h / s - (h / sNext) * r;
    double c = -h / sNext;
    combine(xs, xs, (float) a, d, (float) b, work.denoisedNext, (float) c);
  }

  @Override
  public long nfe(double[] grid) {
    int steps = grid.length - 1;
    return grid[grid.length - 1] == 0 ? 2L * steps - 1 : 2L * steps;
  }
}
