package dev.diffsearch.algorithms;

import dev.diffsearch.core.config.ConfigException;
import dev.diffsearch.core.spi.ValidatedConfig;
import java.util.List;

/**
 * Options of SMC (Feynman–Kac particle) search.
 *
 * @param particles K (default 8)
 * @param checkpoints descending σ at which particles are scored and maybe resampled (default 10, 5, 2, 1, 0.5)
 * @param lambda λ in the potential exp(λ·reward) (default 1); 0 makes the particles independent
 * @param essThreshold resample when the effective sample size falls below this fraction of K (default 0.5)
 * @param kick how far a resampled copy is noised forward, relative: σ → σ·(1 + kick) (default 0.25)
 * @param steps L, sampler steps from one checkpoint down to the next (default 2)
 */
public record SmcConfig(Integer particles, List<Double> checkpoints, Double lambda, Double essThreshold, Double kick,
    Integer steps) implements ValidatedConfig {

  public SmcConfig {
    particles = particles == null ? 8 : particles;
    checkpoints = checkpoints == null ? Checkpoints.DEFAULT : List.copyOf(checkpoints);
    lambda = lambda == null ? 1.0 : lambda;
    essThreshold = essThreshold == null ? 0.5 : essThreshold;
    kick = kick == null ? 0.25 : kick;
    steps = steps == null ? 2 : steps;
  }

  @Override
  public void validate() {
    if (particles < 1) {
      throw ConfigException.at("particles", "must be at least 1, got " + particles);
    }
    Checkpoints.validate(checkpoints);
    if (!(lambda >= 0)) {
      throw ConfigException.at("lambda", "must be ≥ 0, got " + lambda);
    }
    if (!(essThreshold >= 0 && essThreshold <= 1)) {
      throw ConfigException.at("ess-threshold", "must be in [0, 1], got " + essThreshold);
    }
    if (!(kick > 0)) {
      throw ConfigException.at("kick", "must be > 0, got " + kick);
    }
    if (steps < 1) {
      throw ConfigException.at("steps", "must be at least 1, got " + steps);
    }
  }
}
