package dev.diffsearch.algorithms;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.ValidatedConfig;

/**
 * Options of random search.
 *
 * @param candidates N, the number of noises to try; when absent, as many as the budget pays for (run.json
 *     records it under {@code budget.derived})
 */
public record RandomSearchConfig(Integer candidates) implements ValidatedConfig {

  @Override
  public void validate() {
    if (candidates != null && candidates < 1) {
      throw ConfigException.at("candidates", "must be at least 1, got " + candidates);
    }
  }
}
