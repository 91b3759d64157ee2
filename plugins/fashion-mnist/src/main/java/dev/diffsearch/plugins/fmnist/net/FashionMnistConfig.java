package dev.diffsearch.plugins.fmnist.net;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.ValidatedConfig;

/**
 * Options of the {@code fashion-mnist} model backend.
 *
 * @param variant {@code s} (fmnist-s, the default) or {@code l} (fmnist-l, about 4× the compute per NFE)
 * @param weights a weights file written by {@code diffsearch fashion-mnist train} (relative paths are
 *     resolved against the config file's folder); the weights shipped in the plugin jar when absent
 */
public record FashionMnistConfig(String variant, String weights) implements ValidatedConfig {

  public FashionMnistConfig {
    variant = variant == null ? "s" : variant;
  }

  @Override
  public void validate() {
    if (!variant.equals("s") && !variant.equals("l")) {
      throw ConfigException.at("variant", "must be s or l, got '" + variant + "'");
    }
  }

  Net net() {
    return variant.equals("l") ? Net.DENOISER_L : Net.DENOISER_S;
  }
}
