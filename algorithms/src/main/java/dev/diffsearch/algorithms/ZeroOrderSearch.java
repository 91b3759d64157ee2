package dev.diffsearch.algorithms;

import dev.diffsearch.core.search.SearchContext;
import dev.diffsearch.core.spi.Candidate;
import dev.diffsearch.core.spi.SearchAlgorithm;
import dev.diffsearch.core.spi.SearchOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Zero-order search (Ma et al. 2025, §3.2): a pivot noise and N neighbours on its norm-sphere at cosine
 * τ; the best of pivot and neighbours becomes the pivot; a round with no improvement draws a fresh pivot
 * ({@code on-stall: restart}, which escapes the fixed point) or new neighbours ({@code continue}). Every
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
    Candidate pivot = context.evaluate(List.of(context.drawNoise()), null).get(0);
    Candidate best = pivot;
    while (context.nfeRemaining() >= cost) {
      int k = (int) Math.min(config.neighbours(), context.nfeRemaining() / cost);
      List<float[]> neighbours = new ArrayList<>(k);
      for (float[] direction : context.drawNoises(k)) {
        neighbours.add(neighbour(pivot.noise(), config.cosine(), direction));
      }
      List<Candidate> round = context.evaluate(neighbours, Collections.nCopies(k, pivot.id()));
      Candidate top = Ranking.best(round);
      if (top.score() > pivot.score()) {
        pivot = top;
      } else if (config.restart() && context.nfeRemaining() >= cost) {
        pivot = context.evaluate(List.of(context.drawNoise()), null).get(0);
      }
      best = Ranking.best(List.of(best, top, pivot));
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
