package dev.diffsearch.plugins.torchscript;

import dev.diffsearch.core.spi.ModelContext;
import dev.diffsearch.core.spi.NoConfig;
import dev.diffsearch.core.spi.Verifier;
import dev.diffsearch.core.spi.VerifierFactory;
import org.pf4j.Extension;

/** A trivial verifier for the end-to-end test: the mean of channel 0 (of 3) minus the mean of all. */
@Extension
public final class RedVerifier implements VerifierFactory<NoConfig> {

  @Override
  public String name() {
    return "test-redness";
  }

  @Override
  public Class<NoConfig> configType() {
    return NoConfig.class;
  }

  @Override
  public Verifier create(NoConfig config, ModelContext context) {
    return input -> {
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
    };
  }
}
