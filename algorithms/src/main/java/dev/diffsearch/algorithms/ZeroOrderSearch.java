package dev.diffsearch.algorithms;

import dev.diffsearch.core.search.SearchContext;
import dev.diffsearch.core.spi.Candidate;
import dev.diffsearch.core.spi.SearchAlgorithm;
import dev.diffsearch.core.spi.SearchOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * Zero-order search (Ma et al. 2025, §3.2): a pivot noise and N neighbours on its norm-sphere at cosine
 * τ; the best of pivot and neighbours becomes the pivot; a round with no improvement draws a fresh pivot
 * ({@code on-stall: restart}, which escapes the fixed point) or new neighbours ({@code continue}). A fresh
 * pivot is scored in one batch with its first neighbours (they depend on its noise, not its score). Every
 * noise comes from the seeded source and is saved with its candidate. Stops when the budget cannot pay
 * for another candidate; the last round may have fewer neighbours.
 */
public final class ZeroOrderSearch implements SearchAlgorithm {

  private final ZeroOrderConfig config;

  public ZeroOrderSearch(ZeroOrderConfig config) {
    this.config = config;
  }

  @Override
  public SearchOutcome search(SearchContext context) {
    Budget.affordable(context);
    long cost = context.costPerCandidate();
    Candidate pivot = null; // null: the next round starts from a fresh pivot
    Candidate best = null;
    while (context.nfeRemaining() >= cost) {
      long affordable = context.nfeRemaining() / cost;
      List<float[]> noises = new ArrayList<>();
      List<String> parents = new ArrayList<>();
      float[] centre;
      String centreId;
      if (pivot == null) { // a fresh pivot is scored in the same batch as its first neighbours
        centre = context.drawNoise();
        centreId = context.peekId();
        noises.add(centre);
        parents.add(null);
        affordable--;
      } else {
        centre = pivot.noise();
        centreId = pivot.id();
      }
      int k = (int) Math.min(config.neighbours(), affordable);
      for (float[] direction : context.drawNoises(k)) {
        noises.add(neighbour(centre, config.cosine(), direction));
        parents.add(centreId);
      }
      List<Candidate> round = context.evaluate(noises, parents);
      if (pivot == null) {
        pivot = round.get(0);
        round = round.subList(1, round.size());
      }
      best = best == null ? pivot : Ranking.best(List.of(best, pivot));
      if (round.isEmpty()) {
        break;
      }
      Candidate top = Ranking.best(round);
      best = Ranking.best(List.of(best, top));
      if (top.score() > pivot.score()) {
        pivot = top;
      } else if (config.restart()) {
        pivot = null;
      }
    }
    return new SearchOutcome(best, context.trace());
  }

  /**
   * A neighbour of pivot n on its norm-sphere at cosine τ: u = n/‖n‖, w = unit(v − (v·u)u),
   * y = ‖n‖·(τ·u + √(1−τ²)·w), with v a fresh standard normal vector.
   */
  static float[] neighbour(float[] pivot, double tau, float[] v) {
    double norm = 0;
    for (float p : pivot) {
      norm += (double) p * p;
    }
    norm = Math.sqrt(norm);
    double vu = 0;
    for (int i = 0; i < pivot.length; i++) {
      vu += v[i] * (pivot[i] / norm);
    }
    double[] w = new double[pivot.length];
    double wNorm = 0;
    for (int i = 0; i < pivot.length; i++) {
      w[i] = v[i] - vu * (pivot[i] / norm);
      wNorm += w[i] * w[i];
    }
    wNorm = Math.sqrt(wNorm);
    double sin = Math.sqrt(1 - tau * tau);
    float[] y = new float[pivot.length];
    for (int i = 0; i < pivot.length; i++) {
      y[i] = (float) (norm * (tau * pivot[i] / norm + sin * w[i] / wNorm));
    }
    return y;
  }
}
