package dev.diffsearch.plugins.fmnist.verify;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.plugins.fmnist.net.Classifier;
import dev.diffsearch.plugins.fmnist.net.Net;
import java.io.IOException;

/** Opens a classifier network for a verifier extension. */
final class VerifierNetworks {

  private VerifierNetworks() {}

  /**
   * The {@code which} network with its shipped weights, or with {@code weights} (relative to the pipeline's
   * directory) when not null; a file that cannot be read is a config error at {@code weights}.
   */
  static Classifier open(Net which, String weights, ModelContext context) {
    try {
      return Classifier.open(which, context.manager(), weights == null ? null : context.baseDir().resolve(weights));
    } catch (IOException e) {
      throw new ConfigException("weights", e.getMessage());
    }
  }
}
