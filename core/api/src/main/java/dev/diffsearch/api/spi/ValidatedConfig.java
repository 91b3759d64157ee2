package dev.diffsearch.api.spi;

import dev.diffsearch.api.config.ConfigException;

/** A config record that checks its values after binding. */
public interface ValidatedConfig {

  /**
   * Throws {@link ConfigException#at(String, String)} with the offending key (relative to the block),
   * e.g. {@code ConfigException.at("steps", "must be at least 1, got 0")}.
   */
  void validate();
}
