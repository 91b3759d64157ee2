package dev.diffsearch.algorithms;

import dev.diffsearch.core.search.SearchContext;
import dev.diffsearch.core.spi.SearchAlgorithm;
import dev.diffsearch.core.spi.SearchOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * Search over paths (Ma et al. 2025, §3.2): N paths solved to σ_start; at every rung each path is noised
 * forward by Δf in M branches, solved back by Δb, scored on its clean prediction (one extra NFE), and the
 * top N survive; until σ = 0, where the best survivor wins. NFE per output (see {@link BranchingSearch}):
 * N·c(σ_max → σ_start) + Σ_rungs N·M·(c_L(σ + Δf → max(0, σ + Δf − Δb)) + [σ + Δf − Δb > 0]).
 */
public final class PathsSearch implements SearchAlgorithm {

  private final PathsConfig config;

  public PathsSearch(PathsConfig config) {
    this.config = config;
  }

  /** The rungs from σ_start: up to σ + Δf, down to max(0, σ + Δf − Δb), until 0. */
  List<BranchingSearch.Rung> rungs() {
    List<BranchingSearch.Rung> rungs = new ArrayList<>();
    double sigma = config.sigmaStart();
    while (sigma > 0) {
      double up = sigma + config.forward();
      double down = Math.max(0, up - config.backward());
      if (down < 1e-9) {
        down = 0;
      }
      rungs.add(new BranchingSearch.Rung(up, down));
      sigma = down;
    }
    return rungs;
  }

  /** The NFE per output these settings spend in {@code context} (the formula above). */
  public long plannedNfe(SearchContext context) {
    return BranchingSearch.plannedNfe(context, config.paths(), config.branches(), config.sigmaStart(), rungs(),
        config.backwardSteps());
  }

  @Override
  public SearchOutcome search(SearchContext context) {
    return BranchingSearch.run(context, "paths", config.paths(), config.branches(), config.sigmaStart(), rungs(),
        config.backwardSteps());
  }
}
