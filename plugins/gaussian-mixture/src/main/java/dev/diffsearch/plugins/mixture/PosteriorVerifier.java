package dev.diffsearch.plugins.mixture;

import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierFactory;
import dev.diffsearch.api.spi.VerifierInput;
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
        PosteriorConfig.class, (config, context) -> new Score(MixtureBackend.load(new MixtureConfig(config.components()), context)
            .open(context.manager()).classPosterior(context.manager(), config.sigma())));
  }

  /** Scores each candidate by the exact log-posterior of its class. */
  private record Score(MixtureModel.ClassPosterior posterior) implements Verifier {

    /** Each row is scored alone. */
    @Override
    public Scope scope() {
      return Scope.ROW;
    }

    @Override
    public boolean needsCondition() {
      return true;
    }

    @Override
    public float[] score(VerifierInput input) {
      return posterior.logPosterior(input.samples(), input.classes());
    }
  }
}
