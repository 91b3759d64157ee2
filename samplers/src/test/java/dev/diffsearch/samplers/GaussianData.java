package dev.diffsearch.samplers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.denoise.Parameterization;
import dev.diffsearch.api.spi.Denoiser;

/**
 * Data N(μ, s²I): the exact denoiser D = (s²·x + σ²·μ)/(s² + σ²) and the exact probability-flow ODE
 * solution x(σ) = μ + (x(σ_a) − μ)·√(s²+σ²)/√(s²+σ_a²).
 */
final class GaussianData implements Denoiser {

  final double mean;
  final double std;
  final Shape shape;

  GaussianData(double mean, double std, Shape shape) {
    this.mean = mean;
    this.std = std;
    this.shape = shape;
  }

  @Override
  public NDArray denoise(NDArray x, NDArray sigma, int[] classes) {
    NDArray s2 = Parameterization.perRow(sigma, x).square();
    double v = std * std;
    return x.mul(v).add(s2.mul(mean)).div(s2.add(v));
  }

  /** The exact ODE solution at σ_b from x at σ_a. */
  NDArray solve(NDArray x, double sigmaA, double sigmaB) {
    double v = std * std;
    return x.sub(mean).mul(Math.sqrt(v + sigmaB * sigmaB) / Math.sqrt(v + sigmaA * sigmaA)).add(mean);
  }

  @Override
  public Shape sampleShape() {
    return shape;
  }
}
