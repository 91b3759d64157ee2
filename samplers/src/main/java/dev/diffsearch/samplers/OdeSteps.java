package dev.diffsearch.samplers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffsearch.core.denoise.Parameterization;
import dev.diffsearch.core.spi.Denoiser;
import dev.diffsearch.core.spi.StepObserver;

/** The pieces the ODE samplers share: the slope of the probability-flow ODE and scoped stepping. */
final class OdeSteps {

  private OdeSteps() {}

  /** D(x; σ) for a batch at one σ, reported to the observer. */
  static NDArray denoise(Denoiser d, NDArray x, double sigma, int[] classes, int step, StepObserver observer) {
    double[] levels = new double[(int) x.getShape().get(0)];
    java.util.Arrays.fill(levels, sigma);
    NDArray s = x.getManager().create(levels).toType(x.getDataType(), false);
    NDArray denoised = d.denoise(x, s, classes);
    observer.onDenoised(step, sigma, x, denoised);
    return denoised;
  }

  /** The ODE slope d = (x − D(x; σ))/σ. */
  static NDArray slope(NDArray x, NDArray denoised, double sigma) {
    return x.sub(denoised).div(sigma);
  }

  /** Moves a step's result out of its scope into {@code keep} and returns it. */
  static NDArray keep(NDArray result, NDManager keep) {
    result.attach(keep);
    return result;
  }

  static NDArray perRow(NDArray v, NDArray x) {
    return Parameterization.perRow(v, x);
  }
}
