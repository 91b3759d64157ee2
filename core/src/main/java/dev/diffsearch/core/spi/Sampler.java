package dev.diffsearch.core.spi;

import ai.djl.ndarray.NDArray;

/**
 * Integrates the probability-flow ODE {@code dx/dσ = (x − D(x; σ))/σ} along a descending grid of noise
 * levels. A grid may start and end at any σ, so a solve can stop early and be resumed later.
 */
public interface Sampler {

  /** The grid of a full solve: descending from σ_max, ending with 0. */
  double[] sigmas();

  /**
   * Solves from {@code grid[0]} to {@code grid[grid.length - 1]}.
   *
   * @param x the state at {@code grid[0]}, {@code [B, C, H, W]}; not closed by the sampler
   * @param observer sees each evaluation made at a grid point (with its clean prediction)
   * @return the state at the last grid point, attached to {@code x}'s manager
   */
  NDArray solve(Denoiser denoiser, NDArray x, int[] classes, double[] grid, StepObserver observer);

  /** NFE per sample of {@link #solve} along {@code grid}. */
  long nfe(double[] grid);
}
