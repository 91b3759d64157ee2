package dev.diffsearch.algorithms;

import dev.diffsearch.core.spi.SearchAlgorithm;
import dev.diffsearch.core.spi.SearchAlgorithmFactory;
import org.pf4j.Extension;

/** {@code paths}: search over paths, branching by forward noise Δf and solving back Δb. */
@Extension
public final class PathsFactory implements SearchAlgorithmFactory<PathsConfig> {

  @Override
  public String name() {
    return "paths";
  }

  @Override
  public String description() {
    return "search over paths: N paths, M forward-noised branches, top N kept per rung";
  }

  @Override
  public Class<PathsConfig> configType() {
    return PathsConfig.class;
  }

  @Override
  public SearchAlgorithm create(PathsConfig config) {
    return new PathsSearch(config);
  }
}
