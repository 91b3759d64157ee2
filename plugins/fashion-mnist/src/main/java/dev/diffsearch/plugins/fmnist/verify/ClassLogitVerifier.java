package dev.diffsearch.plugins.fmnist.verify;

import dev.diffsearch.api.spi.VerifierFactory;
import dev.diffsearch.plugins.fmnist.net.Classifier;
import dev.diffsearch.plugins.fmnist.net.Net;
import org.pf4j.Extension;

/**
 * {@code class-logit}: the verifier classifier's logit of the conditioning class for the final sample
 * (the supervised verifier; the analog of the paper's DINO/CLIP linear-head logit). Needs a class.
 */
@Extension
public final class ClassLogitVerifier extends VerifierFactory.Of<ClassLogitConfig> {

  public ClassLogitVerifier() {
    super("class-logit", "logit of the conditioning class under the fashion-mnist verifier classifier (needs a class)",
        ClassLogitConfig.class, (config, context) -> new ClassScore("class-logit",
            VerifierNetworks.open(Net.VERIFIER, config.weights(), context), Classifier.Outputs::logit, false));
  }
}
