package dev.diffsearch.plugins.fmnist.verify;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.plugins.fmnist.net.Classifier;
import dev.diffsearch.plugins.fmnist.net.Net;
import java.io.IOException;

/** Opens the verifier classifier for a verifier extension. */
final class VerifierNetworks {

  private VerifierNetworks() {}

  static Classifier open(String weights, ModelContext context) {
    try {
      return Classifier.open(Net.VERIFIER, context.manager(), weights == null ? null : context.baseDir().resolve(weights));
    } catch (IOException e) {
      throw new ConfigException("weights", e.getMessage());
    }
  }
}
