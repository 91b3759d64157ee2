package dev.diffsearch.plugins.fmnist.verify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierFactory;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import dev.diffsearch.plugins.fmnist.net.Classifier;
import dev.diffsearch.plugins.fmnist.net.Net;
import java.io.IOException;
import org.pf4j.Extension;

/**
 * {@code oracle-is}: the evaluator network's probability of the conditioning class — the IS-oracle of
 * the paper. It optimises the very network the evaluation measures with, so it is an oracle: run.json
 * marks runs that use it ({@code oracle-verifier: true}) and no fair comparison should include them.
 */
@Extension
public final class OracleIsVerifier extends VerifierFactory.Of<OracleIsConfig> {

  public OracleIsVerifier() {
    super("oracle-is",
        "ORACLE: the evaluator network's probability of the conditioning class (for experiments only)",
        OracleIsConfig.class, OracleIsVerifier::oracleIs);
  }

  private static Verifier oracleIs(OracleIsConfig config, ModelContext context) {
    Classifier evaluator;
    try {
      evaluator = Classifier.open(Net.EVALUATOR, context.manager(),
          config.weights() == null ? null : context.baseDir().resolve(config.weights()));
    } catch (IOException e) {
      throw new ConfigException("weights", e.getMessage());
    }
    return new Verifier() {
      @Override
      public boolean needsCondition() {
        return true;
      }

      @Override
      public boolean oracle() {
        return true;
      }

      @Override
      public float[] score(VerifierInput input) {
        int b = input.size();
        float[] logits;
        try (NDManager m = input.samples().getManager().newSubManager()) {
          NDArray x = input.samples().duplicate();
          x.attach(m);
          logits = evaluator.forward(x.reshape(b, 1, 28, 28)).get(0).toFloatArray();
        }
        int k = FashionMnist.CLASSES;
        float[] out = new float[b];
        for (int i = 0; i < b; i++) {
          int c = input.classes()[i];
          if (c == Denoiser.UNCONDITIONAL) {
            throw new IllegalArgumentException("oracle-is needs a class for every candidate (" + input.ids().get(i) + " has none)");
          }
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < k; j++) {
            max = Math.max(max, logits[i * k + j]);
          }
          double sum = 0;
          for (int j = 0; j < k; j++) {
            sum += Math.exp(logits[i * k + j] - max);
          }
          out[i] = (float) (Math.exp(logits[i * k + c] - max) / sum);
        }
        return out;
      }
    };
  }
}
