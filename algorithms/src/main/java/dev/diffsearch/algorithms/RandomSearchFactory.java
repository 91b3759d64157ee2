package dev.diffsearch.algorithms;

import dev.diffsearch.core.spi.SearchAlgorithm;
import dev.diffsearch.core.spi.SearchAlgorithmFactory;
import org.pf4j.Extension;

/** {@code random}: best-of-N random search over initial noises. */
@Extension
public final class RandomSearchFactory implements SearchAlgorithmFactory<RandomSearchConfig> {

  @Override
  public String name() {
    return "random";
  }

  @Override
  public String description() {
    return "random search (best-of-N) over initial noises";
  }

  @Override
  public Class<RandomSearchConfig> configType() {
    return RandomSearchConfig.class;
  }

  @Override
  public SearchAlgorithm create(RandomSearchConfig config) {
    return new RandomSearch(config);
  }
}
