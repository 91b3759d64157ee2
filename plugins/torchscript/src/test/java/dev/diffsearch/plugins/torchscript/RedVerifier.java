package dev.diffsearch.plugins.torchscript;

import dev.diffsearch.api.spi.NoConfig;
import dev.diffsearch.api.spi.VerifierFactory;
import dev.diffsearch.api.spi.VerifierInput;
import org.pf4j.Extension;

/** A trivial verifier for the end-to-end test: the mean of channel 0 (of 3) minus the mean of all. */
@Extension
public final class RedVerifier extends VerifierFactory.Of<NoConfig> {

  public RedVerifier() {
    super("test-redness", "", NoConfig.class, (config, context) -> RedVerifier::redness);
  }

  private static float[] redness(VerifierInput input) {
    float[] v = input.samples().toFloatArray();
    int rows = input.size();
    int size = v.length / rows;
    float[] score = new float[rows];
    for (int r = 0; r < rows; r++) {
      double red = 0;
      double all = 0;
      for (int i = 0; i < size; i++) {
        all += v[r * size + i];
        if (i < size / 3) {
          red += v[r * size + i];
        }
      }
      score[r] = (float) (red / (size / 3) - all / size);
    }
    return score;
  }
}
