package dev.diffsearch.samplers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffsearch.core.spi.Denoiser;
import dev.diffsearch.core.spi.Sampler;
import dev.diffsearch.core.spi.StepObserver;

/** Euler's method on the probability-flow ODE (Karras et al. 2022, eq. 1): one NFE per step. */
public final class EulerSampler implements Sampler {

  private final double[] sigmas;

  public EulerSampler(OdeSamplerConfig config) {
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
        NDArray denoised = OdeSteps.denoise(denoiser, in, grid[i], classes, i, observer);
        NDArray d = OdeSteps.slope(in, denoised, grid[i]);
        NDArray next = in.add(d.mul(grid[i + 1] - grid[i])); // x_{i+1} = x_i + (σ_{i+1} − σ_i)·d_i
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
    return grid.length - 1;
  }
}
