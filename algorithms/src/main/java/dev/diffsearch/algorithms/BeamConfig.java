package dev.diffsearch.algorithms;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.ValidatedConfig;
import java.util.List;

/**
 * Options of beam search.
 *
 * @param beams K, the beams kept at every checkpoint (default: the most the budget pays for with the M
 *     branches, so that the search spends its budget to within one more beam; run.json records it under
 *     {@code budget.derived})
 * @param branches M, the branches of each beam at every checkpoint (default 4)
 * @param checkpoints descending σ at which branches are made and scored (default 10, 5, 2, 1, 0.5)
 * @param kick how far a branch is noised forward, relative: σ → σ·(1 + kick) (default 0.25; at most 10)
 * @param steps L, sampler steps from one checkpoint down to the next (default 2; at most 100000)
 */
public record BeamConfig(Integer beams, Integer branches, List<Double> checkpoints, Double kick, Integer steps)
    implements ValidatedConfig {

  public BeamConfig {
    branches = branches == null ? 4 : branches;
    checkpoints = checkpoints == null ? Checkpoints.DEFAULT : List.copyOf(checkpoints);
    kick = kick == null ? 0.25 : kick;
    steps = steps == null ? 2 : steps;
  }

  @Override
  public void validate() {
    if (beams != null && beams < 1) {
      throw ConfigException.at("beams", "must be at least 1, got " + beams);
    }
    if (branches < 1) {
      throw ConfigException.at("branches", "must be at least 1, got " + branches);
    }
    Checkpoints.validate(checkpoints);
    Checkpoints.validateKick(kick);
    Checkpoints.validateSteps("steps", steps);
  }
}
