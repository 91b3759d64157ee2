package dev.diffsearch.algorithms;

import dev.diffsearch.api.spi.SearchBudget;
import dev.diffsearch.api.spi.SearchPlan;

/** Budget and memory arithmetic shared by the algorithms. */
final class Budget {

  /** Float arrays of a sample's size a batch of whole candidates holds per row (noise, batch copy, result). */
  static final int BATCH_ARRAYS = 3;

  /** Float arrays of a sample's size a particle holds while it is solved and scored (state, kick, copy, x̂0). */
  static final int PARTICLE_ARRAYS = 4;

  private Budget() {}

  /**
   * How many full candidates the budget pays for, at least one: a plan of one candidate that costs more
   * than the budget is what the engine then refuses.
   */
  static int affordable(SearchBudget budget) {
    long n = budget.budget() / budget.costPerCandidate();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, n));
  }

  /** Declares a max batch whose rows, {@code candidates} at most, are held at once. */
  static void requireBatchMemory(SearchPlan plan, long candidates) {
    plan.requireMemory("search.max-batch", Math.min(candidates, plan.maxBatch()), BATCH_ARRAYS,
        "a batch (search.max-batch)");
  }
}
