package dev.diffsearch.api.spi;

/**
 * A search's budget and what its steps cost under it: all known before any model loads. What a
 * {@link SearchPlan} and a {@link SearchContext} have in common, so that an algorithm computes its numbers
 * the same way when it plans and when it searches.
 */
public interface SearchBudget {

  /** The hard NFE ceiling per output ({@code search.nfe}). */
  long budget();

  /** The most rows that go through the denoiser at once ({@code search.max-batch}). */
  int maxBatch();

  /** σ_max: where the search sampler's grid starts, the noise level of a fresh candidate. */
  double sigmaMax();

  /** NFE to solve and score one whole candidate from σ_max to 0 ({@link SearchContext#evaluate}). */
  long costPerCandidate();

  /**
   * NFE per particle of a solve from σ = {@code from} down to {@code to}: along {@code steps}
   * Karras-spaced steps (ρ = 7), or, when {@code steps < 1}, along the search sampler's own grid points
   * between the two ({@link SearchContext#solve}).
   */
  long solveCost(double from, double to, int steps);
}
