package dev.diffsearch.api.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

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
   * @param conditioning each row's condition, with its encoding: what every
   *     {@link Denoiser#denoise(NDArray, NDArray, Conditioning)} call of the solve passes on
   * @param observer sees each evaluation made at a grid point (with its clean prediction)
   * @return the state at the last grid point, attached to {@code x}'s manager
   */
  NDArray solve(Denoiser denoiser, NDArray x, Conditioning conditioning, double[] grid, StepObserver observer);

  /** {@link #solve(Denoiser, NDArray, Conditioning, double[], StepObserver)} of rows with these class labels. */
  default NDArray solve(Denoiser denoiser, NDArray x, int[] classes, double[] grid, StepObserver observer) {
    return solve(denoiser, x, Conditioning.ofClasses(classes), grid, observer);
  }

  /**
   * {@link #solve} on a batch held in a float array (row-major {@code shape}), returning a new array: the
   * form particle searches keep their states in. Samplers that step on Java arrays override it to skip
   * the round trips through NDArrays.
   *
   * @param manager the manager temporaries are made in (closed scopes are opened below it)
   */
  default float[] solve(Denoiser denoiser, NDManager manager, float[] x, ai.djl.ndarray.types.Shape shape,
      Conditioning conditioning, double[] grid, StepObserver observer) {
    try (NDManager scope = manager.newSubManager()) {
      return solve(denoiser, scope.create(x, shape), conditioning, grid, observer)
          .toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    }
  }

  /** NFE per sample of {@link #solve} along {@code grid}. */
  long nfe(double[] grid);
}
