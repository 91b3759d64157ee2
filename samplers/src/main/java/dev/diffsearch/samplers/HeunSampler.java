package dev.diffsearch.samplers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffsearch.core.spi.Denoiser;
import dev.diffsearch.core.spi.Sampler;
import dev.diffsearch.core.spi.StepObserver;

/**
 * Heun's second-order method, EDM Algorithm 1 (Karras et al. 2022) without churn: an Euler step and a
 * trapezoidal correction, except for a step to σ = 0, which stays Euler. N steps ending at 0 cost 2N − 1
 * NFE; N steps ending above 0 cost 2N.
 */
public final class HeunSampler implements Sampler {

  private final double[] sigmas;

  public HeunSampler(OdeSamplerConfig config) {
    this.sigmas = config.sigmas();
  }

  @Override
  public double[] sigmas() {
    return sigmas.clone();
  }

  @Override
  public NDArray solve(Denoiser denoiser, NDArray x, int[] classes, double[] grid, StepObserver observer) {
    NDManager owner = x.getManager();
    NDArray cur = x;
    for (int i = 0; i < grid.length - 1; i++) {
      try (NDManager step = owner.newSubManager()) {
        NDArray in = cur;
        double s = grid[i];
        double sNext = grid[i + 1];
        double dt = sNext - s;
        NDArray d = OdeSteps.slope(in, OdeSteps.denoise(denoiser, in, s, classes, i, observer), s);
        NDArray euler = in.add(d.mul(dt));
        NDArray next;
        if (sNext == 0) {
          next = euler;
        } else {
          // x_{i+1} = x_i + (σ_{i+1} − σ_i)·(d_i + d'_i)/2, d'_i the slope at the Euler point
          NDArray dPrime = OdeSteps.slope(euler, OdeSteps.denoise(denoiser, euler, sNext, classes, i + 1, StepObserver.NONE), sNext);
          next = in.add(d.add(dPrime).mul(dt / 2));
        }
        OdeSteps.keep(next, owner);
        if (cur != x) {
          cur.close();
        }
        cur = next;
      }
    }
    return cur;
  }

  @Override
  public long nfe(double[] grid) {
    int steps = grid.length - 1;
    return grid[grid.length - 1] == 0 ? 2L * steps - 1 : 2L * steps;
  }
}
