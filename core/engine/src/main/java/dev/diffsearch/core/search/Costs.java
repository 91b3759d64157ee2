package dev.diffsearch.core.search;

import dev.diffsearch.api.sampling.SigmaGrid;
import dev.diffsearch.api.spi.Sampler;
import dev.diffsearch.api.spi.SearchBudget;

/**
 * A search's budget and the σ grids its solves follow, with what they cost: whole candidates along the
 * search sampler's grid with the verifier's tap σ values inserted, particles along segments of it or
 * along Karras-spaced steps. Needs no model: the plan and every output's search compute from the same.
 */
public class Costs implements SearchBudget {

  private final Sampler sampler;
  private final double[] tapSigmas;
  private final double[] grid;
  private final long budget;
  private final int maxBatch;

  public Costs(Sampler sampler, double[] tapSigmas, long budget, int maxBatch) {
    this.sampler = sampler;
    this.tapSigmas = tapSigmas.clone();
    this.grid = SigmaGrid.withPoints(sampler.sigmas(), this.tapSigmas);
    this.budget = budget;
    this.maxBatch = maxBatch;
  }

  @Override
  public final long budget() {
    return budget;
  }

  @Override
  public final int maxBatch() {
    return maxBatch;
  }

  @Override
  public final double sigmaMax() {
    return grid[0];
  }

  @Override
  public final long costPerCandidate() {
    return sampler.nfe(grid);
  }

  @Override
  public final long solveCost(double from, double to, int steps) {
    return sampler.nfe(segment(from, to, steps));
  }

  /** The search sampler. */
  final Sampler sampler() {
    return sampler;
  }

  /** The σ values the verifier wants clean predictions at. */
  final double[] tapSigmas() {
    return tapSigmas;
  }

  /** The search sampler's grid with the tap σ values inserted: what a whole candidate is solved along. */
  final double[] grid() {
    return grid;
  }

  /**
   * The grid a particle solve from {@code from} down to {@code to} follows: {@code steps} Karras-spaced
   * steps (ρ = 7), or, when {@code steps < 1}, the search sampler's own grid points between the two.
   */
  final double[] segment(double from, double to, int steps) {
    return steps < 1
        ? SigmaGrid.between(sampler.sigmas(), from, to)
        : SigmaGrid.karrasBetween(from, to, steps, 7.0);
  }
}
