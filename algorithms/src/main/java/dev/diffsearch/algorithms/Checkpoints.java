package dev.diffsearch.algorithms;

import dev.diffsearch.core.config.ConfigException;
import java.util.List;

/** Checks of the σ checkpoint lists of beam and SMC searches. */
final class Checkpoints {

  static final List<Double> DEFAULT = List.of(10.0, 5.0, 2.0, 1.0, 0.5);

  private Checkpoints() {}

  /** Checkpoints must be positive and strictly descending. */
  static void validate(List<Double> checkpoints) {
    if (checkpoints.isEmpty()) {
      throw ConfigException.at("checkpoints", "must list at least one σ");
    }
    for (int i = 0; i < checkpoints.size(); i++) {
      double c = checkpoints.get(i);
      if (!(c > 0)) {
        throw ConfigException.at("checkpoints[" + i + "]", "must be > 0, got " + c);
      }
      if (i > 0 && !(c < checkpoints.get(i - 1))) {
        throw ConfigException.at("checkpoints[" + i + "]", "must be below the previous checkpoint "
            + checkpoints.get(i - 1) + ", got " + c);
      }
    }
  }

  /** The σ after checkpoint {@code i}: the next checkpoint, or 0 after the last. */
  static double next(List<Double> checkpoints, int i) {
    return i + 1 < checkpoints.size() ? checkpoints.get(i + 1) : 0.0;
  }
}
