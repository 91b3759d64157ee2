package dev.diffsearch.algorithms;

import dev.diffsearch.api.spi.SearchAlgorithmFactory;
import org.pf4j.Extension;

/** {@code smc}: particles resampled on exp(λ·reward) of their clean predictions, kicked when copied. */
@Extension
public final class SmcFactory extends SearchAlgorithmFactory.Of<SmcConfig> {

  public SmcFactory() {
    super("smc", "SMC / Feynman-Kac particles resampled on exp(lambda*reward) at checkpoints",
        SmcConfig.class, SmcSearch::new);
  }
}
