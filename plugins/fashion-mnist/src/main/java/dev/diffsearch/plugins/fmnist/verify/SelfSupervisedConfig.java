package dev.diffsearch.plugins.fmnist.verify;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.sampling.SigmaGrid;
import dev.diffsearch.api.spi.ValidatedConfig;

/**
 * Options of the {@code self-supervised} verifier.
 *
 * @param sigma the noise level at which the clean prediction x̂0 is tapped (default 0.4, as in the paper)
 * @param weights a verifier weights file; the shipped weights when absent
 */
public record SelfSupervisedConfig(Double sigma, String weights) implements ValidatedConfig {

  public SelfSupervisedConfig {
    sigma = sigma == null ? 0.4 : sigma;
  }

  @Override
  public void validate() {
    if (!(sigma > 0 && sigma <= SigmaGrid.MAX_SIGMA)) {
      throw ConfigException.at("sigma", "must be a noise level > 0 and at most " + SigmaGrid.MAX_SIGMA + ", got " + sigma);
    }
  }
}
