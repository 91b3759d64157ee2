package dev.diffsearch.algorithms;

import dev.diffsearch.api.spi.SearchBudget;
import dev.diffsearch.api.spi.SearchPlan;
import java.util.function.IntToLongFunction;

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

  /**
   * The largest size n whose NFE, {@code nfe(n)}, fits the budget, for NFE that grow by the same amount with
   * each unit of n (as every algorithm's do: particles, paths, beams, branches); at least 1, since a plan of
   * one that costs more than the budget is what the engine then refuses. What is left of the budget is then
   * less than one more unit costs.
   */
  static int largestFitting(SearchBudget budget, IntToLongFunction nfe) {
    long one = nfe.applyAsLong(1);
    long unit = nfe.applyAsLong(2) - one;
    if (unit <= 0 || budget.budget() <= one) {
      return 1;
    }
    return (int) Math.min(Integer.MAX_VALUE, 1 + (budget.budget() - one) / unit);
  }

  /** Declares a max batch whose rows, {@code candidates} at most, are held at once. */
  static void requireBatchMemory(SearchPlan plan, long candidates) {
    plan.requireMemory("search.max-batch", Math.min(candidates, plan.maxBatch()), BATCH_ARRAYS,
        "a batch (search.max-batch)");
  }
}
