package dev.diffsearch.algorithms;

import dev.diffsearch.api.spi.SearchAlgorithm;
import dev.diffsearch.api.spi.SearchContext;
import dev.diffsearch.api.spi.SearchOutcome;
import dev.diffsearch.api.spi.SearchPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Search over paths (Ma et al. 2025, §3.2): N paths solved to σ_start; at every rung each path is noised
 * forward by Δf in M branches, solved back by Δb, scored on its clean prediction (one extra NFE), and the
 * top N survive; until σ = 0, where the best survivor wins. NFE per output (see {@link BranchingSearch}):
 * N·c(σ_max → σ_start) + Σ_rungs N·M·(c_L(σ + Δf → max(0, σ + Δf − Δb)) + [σ + Δf − Δb > 0]). M left out
 * of the config is the largest the budget pays for with the N paths: as Paths-N in the paper, N names the
 * search and the budget buys branches.
 */
public final class PathsSearch implements SearchAlgorithm {

  private final PathsConfig config;

  public PathsSearch(PathsConfig config) {
    this.config = config;
  }

  /** The rungs from σ_start: up to σ + Δf, down to max(0, σ + Δf − Δb), until 0. */
  List<BranchingSearch.Rung> rungs() {
    return rungs(config, Integer.MAX_VALUE);
  }

  /**
   * The first {@code limit} rungs of {@code config} (validation asks for one more than it allows: a step
   * Δb − Δf too small for σ's float arithmetic would never reach 0).
   */
  static List<BranchingSearch.Rung> rungs(PathsConfig config, int limit) {
    List<BranchingSearch.Rung> rungs = new ArrayList<>();
    double sigma = config.sigmaStart();
    while (sigma > 0 && rungs.size() < limit) {
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

  /** The NFE per output these settings spend (the formula above), with M derived from the budget when unset. */
  @Override
  public long plannedNfe(SearchPlan plan) {
    return BranchingSearch.plan(plan, "paths", "paths", config.paths(), config.branches(), config.sigmaStart(), rungs(),
        config.backwardSteps());
  }

  @Override
  public SearchOutcome search(SearchContext context) {
    return BranchingSearch.run(context, config.paths(), config.branches(), config.sigmaStart(), rungs(),
        config.backwardSteps());
  }
}
