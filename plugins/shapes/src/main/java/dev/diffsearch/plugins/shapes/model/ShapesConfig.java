package dev.diffsearch.plugins.shapes.model;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.ValidatedConfig;

/**
 * Options of the {@code shapes} model backend.
 *
 * @param variant {@code s} (shapes-s, the default) or {@code l} (shapes-l, about 4× the compute)
 * @param weights denoiser weights from {@code diffsearch shapes train denoiser-s|denoiser-l}; the shipped
 *     weights of the variant when absent
 * @param encoder dual-encoder weights the denoiser was trained with; the shipped encoder when absent
 */
public record ShapesConfig(String variant, String weights, String encoder) implements ValidatedConfig {

  public ShapesConfig {
    variant = variant == null ? "s" : variant;
  }

  @Override
  public void validate() {
    try {
      Variant.of(variant);
    } catch (IllegalArgumentException e) {
      throw ConfigException.at("variant", e.getMessage());
    }
  }

  Variant net() {
    return Variant.of(variant);
  }
}
