package dev.diffsearch.algorithms;

import dev.diffsearch.core.spi.SearchAlgorithm;
import dev.diffsearch.core.spi.SearchAlgorithmFactory;
import org.pf4j.Extension;

/** {@code zero-order}: pivot and neighbours at cosine τ on its norm-sphere; the best becomes the pivot. */
@Extension
public final class ZeroOrderFactory implements SearchAlgorithmFactory<ZeroOrderConfig> {

  @Override
  public String name() {
    return "zero-order";
  }

  @Override
  public String description() {
    return "zero-order search: N neighbours at cosine tau around a pivot noise";
  }

  @Override
  public Class<ZeroOrderConfig> configType() {
    return ZeroOrderConfig.class;
  }

  @Override
  public SearchAlgorithm create(ZeroOrderConfig config) {
    return new ZeroOrderSearch(config);
  }
}
