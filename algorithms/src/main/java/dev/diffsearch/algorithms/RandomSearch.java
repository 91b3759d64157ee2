package dev.diffsearch.algorithms;

import dev.diffsearch.core.search.SearchContext;
import dev.diffsearch.core.spi.Candidate;
import dev.diffsearch.core.spi.SearchAlgorithm;
import dev.diffsearch.core.spi.SearchOutcome;

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
  private int candidates(SearchContext context) {
    int affordable = Budget.affordable(context);
    return config.candidates() == null ? affordable : Math.min(config.candidates(), affordable);
  }

  @Override
  public void check(SearchContext context) {
    Budget.requireBatchMemory(context, candidates(context));
  }

  @Override
  public SearchOutcome search(SearchContext context) {
    check(context);
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
