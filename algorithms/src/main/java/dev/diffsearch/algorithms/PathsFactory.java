package dev.diffsearch.algorithms;

import dev.diffsearch.api.spi.SearchAlgorithmFactory;
import org.pf4j.Extension;

/** {@code paths}: search over paths, branching by forward noise Δf and solving back Δb. */
@Extension
public final class PathsFactory extends SearchAlgorithmFactory.Of<PathsConfig> {

  public PathsFactory() {
    super("paths", "search over paths: N paths, M forward-noised branches, top N kept per rung",
        PathsConfig.class, PathsSearch::new);
  }
}
