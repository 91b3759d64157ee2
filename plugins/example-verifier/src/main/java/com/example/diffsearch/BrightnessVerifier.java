package com.example.diffsearch;

import ai.djl.ndarray.NDArray;
import dev.diffsearch.core.spi.ModelContext;
import dev.diffsearch.core.spi.Verifier;
import dev.diffsearch.core.spi.VerifierFactory;
import dev.diffsearch.core.spi.VerifierInput;
import org.pf4j.Extension;

/**
 * {@code brightness}: scores each sample by its mean pixel intensity (or by closeness to a target
 * intensity). A deliberately small verifier: copy this plugin to write your own.
 */
@Extension
public final class BrightnessVerifier implements VerifierFactory<BrightnessConfig> {

  @Override
  public String name() {
    return "brightness";
  }

  @Override
  public String description() {
    return "mean pixel intensity, or closeness to a target intensity (example plugin)";
  }

  @Override
  public Class<BrightnessConfig> configType() {
    return BrightnessConfig.class;
  }

  @Override
  public Verifier create(BrightnessConfig config, ModelContext context) {
    return new Verifier() {
      @Override
      public float[] score(VerifierInput input) {
        // one mean per row, copied out in bulk
        NDArray samples = input.samples();
        float[] mean = samples.reshape(input.size(), -1).mean(new int[] {1}).toFloatArray();
        if (config.target() != null) {
          for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) -Math.abs(mean[i] - config.target());
          }
        }
        return mean;
      }
    };
  }
}
