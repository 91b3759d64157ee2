package dev.diffsearch.algorithms;

import dev.diffsearch.api.spi.SearchAlgorithmFactory;
import org.pf4j.Extension;

/** {@code random}: best-of-N random search over initial noises. */
@Extension
public final class RandomSearchFactory extends SearchAlgorithmFactory.Of<RandomSearchConfig> {

  public RandomSearchFactory() {
    super("random", "random search (best-of-N) over initial noises", RandomSearchConfig.class, RandomSearch::new);
  }
}
