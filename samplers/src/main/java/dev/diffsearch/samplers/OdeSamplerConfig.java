package dev.diffsearch.samplers;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.sampling.SigmaGrid;
import dev.diffsearch.api.spi.ValidatedConfig;

/**
 * Options of the ODE samplers: N steps on the Karras schedule (defaults: EDM's σ_min = 0.002,
 * σ_max = 80, ρ = 7). Numbers are finite (the binder refuses others); 0 < σ_min < σ_max ≤ 10⁴,
 * 0 < ρ ≤ 100, 1 ≤ N ≤ 100000.
 */
public record OdeSamplerConfig(Integer steps, Double sigmaMin, Double sigmaMax, Double rho) implements ValidatedConfig {

  /** The largest ρ: beyond it the schedule is all but a step from σ_max to σ_min (EDM uses 7). */
  static final double MAX_RHO = 100;

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
    if (!(sigmaMin > 0 && sigmaMin < SigmaGrid.MAX_SIGMA)) {
      throw ConfigException.at("sigma-min", "must be > 0 and below " + SigmaGrid.MAX_SIGMA + ", got " + sigmaMin);
    }
    if (!(sigmaMax > sigmaMin)) {
      throw ConfigException.at("sigma-max", "must be > sigma-min (" + sigmaMin + "), got " + sigmaMax);
    }
    if (!(sigmaMax <= SigmaGrid.MAX_SIGMA)) {
      throw ConfigException.at("sigma-max", "must be at most " + SigmaGrid.MAX_SIGMA + ", got " + sigmaMax);
    }
    if (!(rho > 0 && rho <= MAX_RHO)) {
      throw ConfigException.at("rho", "must be > 0 and at most " + MAX_RHO + ", got " + rho);
    }
  }

  /** The full grid: Karras levels then 0. */
  public double[] sigmas() {
    return SigmaGrid.karras(steps, sigmaMin, sigmaMax, rho);
  }
}
