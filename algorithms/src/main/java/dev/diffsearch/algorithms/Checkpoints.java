package dev.diffsearch.algorithms;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.sampling.SigmaGrid;
import java.util.List;

/** Checks of the σ checkpoint lists, kicks and step counts of the branching searches. */
final class Checkpoints {

  static final List<Double> DEFAULT = List.of(10.0, 5.0, 2.0, 1.0, 0.5);

  private Checkpoints() {}

  /** The most sampler steps between two σ a branching search may take (as a sampler's own steps). */
  static final int MAX_STEPS = 100_000;

  /** The largest relative kick σ → σ·(1 + kick): 10 already noises a state to 11 times its σ. */
  static final double MAX_KICK = 10;

  /** Checkpoints must be positive noise levels (at most {@link SigmaGrid#MAX_SIGMA}) and strictly descending. */
  static void validate(List<Double> checkpoints) {
    if (checkpoints.isEmpty()) {
      throw ConfigException.at("checkpoints", "must list at least one σ");
    }
    for (int i = 0; i < checkpoints.size(); i++) {
      double c = checkpoints.get(i);
      if (!(c > 0 && c <= SigmaGrid.MAX_SIGMA)) {
        throw ConfigException.at("checkpoints[" + i + "]", "must be > 0 and at most " + SigmaGrid.MAX_SIGMA + ", got " + c);
      }
      if (i > 0 && !(c < checkpoints.get(i - 1))) {
        throw ConfigException.at("checkpoints[" + i + "]", "must be below the previous checkpoint "
            + checkpoints.get(i - 1) + ", got " + c);
      }
    }
  }

  /** Sampler steps per solve: between 1 and {@link #MAX_STEPS}. */
  static void validateSteps(String key, int steps) {
    if (steps < 1 || steps > MAX_STEPS) {
      throw ConfigException.at(key, "must be between 1 and " + MAX_STEPS + ", got " + steps);
    }
  }

  /** A relative kick: in (0, {@link #MAX_KICK}]. */
  static void validateKick(double kick) {
    if (!(kick > 0 && kick <= MAX_KICK)) {
      throw ConfigException.at("kick", "must be > 0 and at most " + MAX_KICK + ", got " + kick);
    }
  }

  /** The σ after checkpoint {@code i}: the next checkpoint, or 0 after the last. */
  static double next(List<Double> checkpoints, int i) {
    return i + 1 < checkpoints.size() ? checkpoints.get(i + 1) : 0.0;
  }
}
