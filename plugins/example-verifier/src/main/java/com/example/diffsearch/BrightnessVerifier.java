package com.example.diffsearch;

import dev.diffsearch.api.spi.VerifierFactory;
import dev.diffsearch.api.spi.VerifierInput;
import org.pf4j.Extension;

/**
 * {@code brightness}: scores each sample by its mean pixel intensity (or by closeness to a target
 * intensity). A deliberately small verifier: copy this plugin to write your own.
 */
@Extension
public final class BrightnessVerifier extends VerifierFactory.Of<BrightnessConfig> {

  public BrightnessVerifier() {
    super("brightness", "mean pixel intensity, or closeness to a target intensity (example plugin)",
        BrightnessConfig.class, (config, context) -> input -> score(input, config.target()));
  }

  /** One score per row: its mean intensity, or minus its distance from {@code target} when that is set. */
  static float[] score(VerifierInput input, Double target) {
    // one mean per row, copied out in bulk
    float[] mean = input.samples().reshape(input.size(), -1).mean(new int[] {1}).toFloatArray();
    if (target != null) {
      for (int i = 0; i < mean.length; i++) {
        mean[i] = (float) -Math.abs(mean[i] - target);
      }
    }
    return mean;
  }
}
