package dev.diffsearch.samplers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffsearch.core.spi.Denoiser;
import dev.diffsearch.core.spi.Sampler;
import dev.diffsearch.core.spi.StepObserver;

/** A one-step method walked along a σ grid, each step in its own NDArray scope. */
abstract class GridSampler implements Sampler {

  private final double[] sigmas;

  GridSampler(OdeSamplerConfig config) {
    this.sigmas = config.sigmas();
  }

  @Override
  public final double[] sigmas() {
    return sigmas.clone();
  }

  @Override
  public final NDArray solve(Denoiser denoiser, NDArray x, int[] classes, double[] grid, StepObserver observer) {
    NDManager owner = x.getManager();
    NDArray cur = x;
    for (int i = 0; i < grid.length - 1; i++) {
      try (NDManager scope = owner.newSubManager()) {
        NDArray next = step(denoiser, cur, grid[i], grid[i + 1], classes, i, observer);
        next.attach(owner);
        if (cur != x) {
          cur.close();
        }
        cur = next;
      }
    }
    return cur;
  }

  /** One step from σ = {@code s} (grid point {@code i}) to {@code sNext}; temporaries may stay in scope. */
  abstract NDArray step(Denoiser denoiser, NDArray x, double s, double sNext, int[] classes, int i, StepObserver observer);

  /** D(x; σ) for a batch at one σ, reported to the observer as grid point {@code i}. */
  static NDArray denoise(Denoiser d, NDArray x, double sigma, int[] classes, int i, StepObserver observer) {
    int rows = (int) x.getShape().get(0);
    NDArray s;
    if (x.getDataType() == ai.djl.ndarray.types.DataType.FLOAT64) {
      double[] levels = new double[rows];
      java.util.Arrays.fill(levels, sigma);
      s = x.getManager().create(levels);
    } else {
      float[] levels = new float[rows];
      java.util.Arrays.fill(levels, (float) sigma);
      s = x.getManager().create(levels).toType(x.getDataType(), false);
    }
    NDArray denoised = d.denoise(x, s, classes);
    observer.onDenoised(i, sigma, x, denoised);
    return denoised;
  }
}
