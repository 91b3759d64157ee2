package dev.diffsearch.algorithms;

import dev.diffsearch.api.spi.Candidate;
import dev.diffsearch.api.spi.SearchAlgorithm;
import dev.diffsearch.api.spi.SearchBudget;
import dev.diffsearch.api.spi.SearchContext;
import dev.diffsearch.api.spi.SearchOutcome;
import dev.diffsearch.api.spi.SearchPlan;

/**
 * Random search (best-of-N): N noises from the seeded source, solved and scored in batches, the best
 * kept. Candidate k's noise does not depend on N, so a larger N searches a superset. Streams: noises are
 * drawn batch by batch and only the best so far is kept, so memory does not grow with N or the budget.
 */
public final class RandomSearch implements SearchAlgorithm {

  private final RandomSearchConfig config;

  public RandomSearch(RandomSearchConfig config) {
    this.config = config;
  }

  /** N: as configured, cut to what the budget pays for. */
  private int candidates(SearchBudget budget) {
    int affordable = Budget.affordable(budget);
    return config.candidates() == null ? affordable : Math.min(config.candidates(), affordable);
  }

  @Override
  public long plannedNfe(SearchPlan plan) {
    int n = candidates(plan);
    if (config.candidates() == null) {
      plan.derived("candidates", n);
    }
    Budget.requireBatchMemory(plan, n);
    return n * plan.costPerCandidate();
  }

  @Override
  public SearchOutcome search(SearchContext context) {
    int n = candidates(context);
    Candidate best = null;
    for (int done = 0; done < n; ) {
      int b = Math.min(context.maxBatch(), n - done);
      best = Ranking.best(best, context.evaluate(context.drawNoises(b), null));
      done += b;
    }
    return new SearchOutcome(best);
  }
}
