package dev.diffsearch.samplers;

import dev.diffsearch.core.config.ConfigException;
import dev.diffsearch.core.sampling.SigmaGrid;
import dev.diffsearch.core.spi.ValidatedConfig;

/**
 * Options of the ODE samplers: N steps on the Karras schedule (defaults: EDM's σ_min = 0.002,
 * σ_max = 80, ρ = 7).
 */
public record OdeSamplerConfig(Integer steps, Double sigmaMin, Double sigmaMax, Double rho) implements ValidatedConfig {

  public OdeSamplerConfig {
    steps = steps == null ? 18 : steps;
    sigmaMin = sigmaMin == null ? 0.002 : sigmaMin;
    sigmaMax = sigmaMax == null ? 80.0 : sigmaMax;
    rho = rho == null ? 7.0 : rho;
  }

  @Override
  public void validate() {
    if (steps < 1 || steps > 100_000) {
      throw ConfigException.at("steps", "must be between 1 and 100000, got " + steps);
    }
    if (!(sigmaMin > 0)) {
      throw ConfigException.at("sigma-min", "must be > 0, got " + sigmaMin);
    }
    if (!(sigmaMax > sigmaMin)) {
      throw ConfigException.at("sigma-max", "must be > sigma-min (" + sigmaMin + "), got " + sigmaMax);
    }
    if (!(rho > 0)) {
      throw ConfigException.at("rho", "must be > 0, got " + rho);
    }
  }

  /** The full grid: Karras levels then 0. */
  public double[] sigmas() {
    return SigmaGrid.karras(steps, sigmaMin, sigmaMax, rho);
  }
}
