package dev.diffsearch.algorithms;

import dev.diffsearch.api.spi.SearchAlgorithm;
import dev.diffsearch.api.spi.SearchContext;
import dev.diffsearch.api.spi.SearchOutcome;
import dev.diffsearch.api.spi.SearchPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Beam search over path branches: K beams solved to the first checkpoint; at each checkpoint σ_i every
 * beam is kicked forward to σ_i·(1 + kick) in M branches, all K·M are solved to the next checkpoint and
 * scored there, and the top K are kept; the best beam at σ = 0 wins. NFE per output (see
 * {@link BranchingSearch}): K·c(σ_max → σ_1) + Σ_i K·M·(c_L(σ_i(1+kick) → σ_{i+1}) + [σ_{i+1} > 0]). K
 * left out of the config is the largest the budget pays for with the M branches: the budget buys width.
 */
public final class BeamSearch implements SearchAlgorithm {

  private final BeamConfig config;

  public BeamSearch(BeamConfig config) {
    this.config = config;
  }

  List<BranchingSearch.Rung> rungs() {
    List<BranchingSearch.Rung> rungs = new ArrayList<>();
    List<Double> c = config.checkpoints();
    for (int i = 0; i < c.size(); i++) {
      rungs.add(new BranchingSearch.Rung(c.get(i) * (1 + config.kick()), Checkpoints.next(c, i)));
    }
    return rungs;
  }

  @Override
  public long plannedNfe(SearchPlan plan) {
    return BranchingSearch.plan(plan, "beam", "beams", config.beams(), config.branches(), config.checkpoints().get(0),
        rungs(), config.steps());
  }

  @Override
  public SearchOutcome search(SearchContext context) {
    return BranchingSearch.run(context, config.beams(), config.branches(), config.checkpoints().get(0), rungs(),
        config.steps());
  }
}
