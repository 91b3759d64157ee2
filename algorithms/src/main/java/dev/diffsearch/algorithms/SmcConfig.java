package dev.diffsearch.algorithms;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.ValidatedConfig;
import java.util.List;

/**
 * Options of SMC (Feynman–Kac particle) search.
 *
 * @param particles K (default: as many as the budget pays for, so that the search spends its budget to within
 *     one more particle; run.json records it under {@code budget.derived})
 * @param checkpoints descending σ at which particles are scored and maybe resampled (default 10, 5, 2, 1, 0.5)
 * @param lambda λ in the potential exp(λ·reward) (default 8); 0 makes the particles independent
 * @param potential {@code standardized} (default): rewards are z-scored across the K particles at each
 *     checkpoint, so λ is in standard deviations whatever the verifier's range (λ = 1: a particle one
 *     standard deviation better gets e ≈ 2.7 times the weight); {@code raw}: the verifier's scores as they
 *     are, so λ must be set against the verifier's range
 * @param essThreshold resample when the effective sample size falls below this fraction of K (default 0.5)
 * @param kick how far a resampled copy is noised forward, relative: σ → σ·(1 + kick) (default 0.25; at most 10)
 * @param steps L, sampler steps from one checkpoint down to the next (default 2; at most 100000)
 */
public record SmcConfig(Integer particles, List<Double> checkpoints, Double lambda, String potential,
    Double essThreshold, Double kick, Integer steps) implements ValidatedConfig {

  /** The largest λ: exp(λ·reward) is a hard arg-max long before it. */
  static final double MAX_LAMBDA = 1e6;

  /** The potentials' scales. */
  public static final List<String> POTENTIALS = List.of("standardized", "raw");

  public SmcConfig {
    potential = potential == null ? "standardized" : potential;
    checkpoints = checkpoints == null ? Checkpoints.DEFAULT : List.copyOf(checkpoints);
    lambda = lambda == null ? 8.0 : lambda;
    essThreshold = essThreshold == null ? 0.5 : essThreshold;
    kick = kick == null ? 0.25 : kick;
    steps = steps == null ? 2 : steps;
  }

  @Override
  public void validate() {
    if (particles != null && particles < 1) {
      throw ConfigException.at("particles", "must be at least 1, got " + particles);
    }
    Checkpoints.validate(checkpoints);
    if (!(lambda >= 0 && lambda <= MAX_LAMBDA)) {
      throw ConfigException.at("lambda", "must be ≥ 0 and at most " + MAX_LAMBDA + ", got " + lambda);
    }
    if (!POTENTIALS.contains(potential)) {
      throw ConfigException.at("potential", "must be one of " + POTENTIALS + ", got '" + potential + "'");
    }
    if (!(essThreshold >= 0 && essThreshold <= 1)) {
      throw ConfigException.at("ess-threshold", "must be in [0, 1], got " + essThreshold);
    }
    Checkpoints.validateKick(kick);
    Checkpoints.validateSteps("steps", steps);
  }
}
