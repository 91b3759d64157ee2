package dev.diffsearch.algorithms;

import dev.diffsearch.core.search.SearchContext;
import dev.diffsearch.core.spi.Candidate;
import dev.diffsearch.core.spi.SearchAlgorithm;
import dev.diffsearch.core.spi.SearchOutcome;
import java.util.List;

/**
 * Random search (best-of-N): N noises from the seeded source, solved and scored in batches, the best
 * kept. Candidate k's noise does not depend on N, so a larger N searches a superset.
 */
public final class RandomSearch implements SearchAlgorithm {

  private final RandomSearchConfig config;

  public RandomSearch(RandomSearchConfig config) {
    this.config = config;
  }

  @Override
  public SearchOutcome search(SearchContext context) {
    int affordable = Budget.affordable(context);
    int n = config.candidates() == null ? affordable : Math.min(config.candidates(), affordable);
    List<Candidate> trace = context.evaluate(context.drawNoises(n), null);
    return new SearchOutcome(Ranking.best(trace), trace);
  }
}
