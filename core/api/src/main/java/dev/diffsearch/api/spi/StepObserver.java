package dev.diffsearch.api.spi;

import ai.djl.ndarray.NDArray;

/** Sees every denoiser evaluation a sampler makes at a grid point: how taps and progress are made. */
@FunctionalInterface
public interface StepObserver {

  StepObserver NONE = (step, sigma, x, denoised) -> {};

  /**
   * @param step index of the grid point in the grid passed to the sampler
   * @param sigma the noise level of that grid point
   * @param x the current state at {@code sigma}
   * @param denoised {@code D(x; sigma)}, the clean prediction x̂0 there
   */
  void onDenoised(int step, double sigma, NDArray x, NDArray denoised);
}
