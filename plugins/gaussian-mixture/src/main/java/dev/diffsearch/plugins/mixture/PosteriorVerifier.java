package dev.diffsearch.plugins.mixture;

import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierFactory;
import org.pf4j.Extension;

/**
 * {@code mixture-posterior}: the exact class log-posterior log p_σ(c | x) of the mixture (seen at noise
 * level σ, see {@link PosteriorConfig}) for the conditioning class, the supervised verifier of the reference domain (the analog of a classifier's
 * class logit, exact here).
 */
@Extension
public final class PosteriorVerifier extends VerifierFactory.Of<PosteriorConfig> {

  public PosteriorVerifier() {
    super("mixture-posterior", "class log-posterior log p_sigma(c|x) of the Gaussian mixture (needs a class)",
        PosteriorConfig.class, PosteriorVerifier::posterior);
  }

  private static Verifier posterior(PosteriorConfig config, ModelContext context) {
    MixtureModel model =
        MixtureBackend.load(new MixtureConfig(config.components()), context).open(context.manager());
    MixtureModel.ClassPosterior posterior = model.classPosterior(context.manager(), config.sigma());
    return new Verifier() {
      @Override
      public boolean needsCondition() {
        return true;
      }

      @Override
      public float[] score(dev.diffsearch.api.spi.VerifierInput input) {
        return posterior.logPosterior(input.samples(), input.classes());
      }
    };
  }
}
