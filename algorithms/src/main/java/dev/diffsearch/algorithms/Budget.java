package dev.diffsearch.algorithms;

import dev.diffsearch.core.config.ConfigException;
import dev.diffsearch.core.search.SearchContext;

/** Budget and memory arithmetic shared by the algorithms. */
final class Budget {

  /** Float arrays of a sample's size a batch of whole candidates holds per row (noise, batch copy, result). */
  static final int BATCH_ARRAYS = 3;

  /** Float arrays of a sample's size a particle holds while it is solved and scored (state, kick, copy, x̂0). */
  static final int PARTICLE_ARRAYS = 4;

  private Budget() {}

  /** How many full candidates the remaining budget pays for; at least one, else a config error. */
  static int affordable(SearchContext context) {
    long cost = context.costPerCandidate();
    long n = context.nfeRemaining() / cost;
    if (n < 1) {
      throw new ConfigException(
          "search.nfe", "budget " + context.budget() + " is less than one candidate's cost of " + cost + " NFE");
    }
    return (int) Math.min(Integer.MAX_VALUE, n);
  }

  /** Refuses a max batch whose rows, {@code candidates} at most, would not fit in memory. */
  static void requireBatchMemory(SearchContext context, long candidates) {
    context.requireMemory("search.max-batch", Math.min(candidates, context.maxBatch()), BATCH_ARRAYS,
        "a batch (search.max-batch)");
  }
}
