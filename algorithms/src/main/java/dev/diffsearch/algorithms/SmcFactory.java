package dev.diffsearch.algorithms;

import dev.diffsearch.core.spi.SearchAlgorithm;
import dev.diffsearch.core.spi.SearchAlgorithmFactory;
import org.pf4j.Extension;

/** {@code smc}: particles resampled on exp(λ·reward) of their clean predictions, kicked when copied. */
@Extension
public final class SmcFactory implements SearchAlgorithmFactory<SmcConfig> {

  @Override
  public String name() {
    return "smc";
  }

  @Override
  public String description() {
    return "SMC / Feynman-Kac particles resampled on exp(lambda*reward) at checkpoints";
  }

  @Override
  public Class<SmcConfig> configType() {
    return SmcConfig.class;
  }

  @Override
  public SearchAlgorithm create(SmcConfig config) {
    return new SmcSearch(config);
  }
}
