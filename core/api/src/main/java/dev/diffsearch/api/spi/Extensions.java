package dev.diffsearch.api.spi;

import java.util.Map;

/**
 * The extensions of this diffsearch, as an extension may use them: inject it (a plugin command that solves
 * with a built-in sampler, say). The engine's registry behind it stays the engine's.
 */
public interface Extensions {

  /**
   * The sampler named {@code name} (built-in or a plugin's), configured from {@code options} as from the
   * {@code sampler} block of a pipeline (the keys of its config, without {@code name}). An unknown name or a
   * bad option is a {@link dev.diffsearch.api.config.ConfigException} at {@code where}.
   */
  Sampler sampler(String name, Map<String, ?> options, String where);
}
