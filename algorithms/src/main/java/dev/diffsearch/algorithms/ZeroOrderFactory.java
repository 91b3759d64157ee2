package dev.diffsearch.algorithms;

import dev.diffsearch.api.spi.SearchAlgorithmFactory;
import org.pf4j.Extension;

/** {@code zero-order}: pivot and neighbours at cosine τ on its norm-sphere; the best becomes the pivot. */
@Extension
public final class ZeroOrderFactory extends SearchAlgorithmFactory.Of<ZeroOrderConfig> {

  public ZeroOrderFactory() {
    super("zero-order", "zero-order search: N neighbours at cosine tau around a pivot noise",
        ZeroOrderConfig.class, ZeroOrderSearch::new);
  }
}
