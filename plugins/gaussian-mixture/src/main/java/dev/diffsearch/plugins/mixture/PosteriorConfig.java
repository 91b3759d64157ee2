package dev.diffsearch.plugins.mixture;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.sampling.SigmaGrid;
import dev.diffsearch.api.spi.ValidatedConfig;

/**
 * Options of the {@code mixture-posterior} verifier.
 *
 * @param components the mixture directory; the bundled one when absent
 * @param sigma the noise level at which the class posterior p_σ(c | x) is taken. At σ = 0 it is the exact
 *     posterior of a clean sample, which is ≈ 1 (score ≈ 0) for almost every sample of this mixture and so
 *     cannot rank them; a larger σ grades how far a sample sits from the other classes. Default 2.
 */
public record PosteriorConfig(String components, Double sigma) implements ValidatedConfig {

  public PosteriorConfig {
    sigma = sigma == null ? 2.0 : sigma;
  }

  @Override
  public void validate() {
    if (!(sigma >= 0 && sigma <= SigmaGrid.MAX_SIGMA)) {
      throw ConfigException.at("sigma", "must be ≥ 0 and at most " + SigmaGrid.MAX_SIGMA + ", got " + sigma);
    }
  }
}
