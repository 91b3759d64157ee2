package com.example.diffsearch;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.ValidatedConfig;

/**
 * Options of the brightness verifier.
 *
 * @param target the mean intensity to aim for, in the data range [−1, 1]; when absent, brighter is better
 */
public record BrightnessConfig(Double target) implements ValidatedConfig {

  /** Checked after binding; the message names the key, and the engine adds the block's path. */
  @Override
  public void validate() {
    if (target != null && !(target >= -1 && target <= 1)) {
      throw ConfigException.at("target", "must be a mean intensity in [-1, 1], got " + target);
    }
  }
}
