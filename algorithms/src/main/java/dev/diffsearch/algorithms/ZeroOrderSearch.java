package dev.diffsearch.algorithms;

import dev.diffsearch.api.spi.Candidate;
import dev.diffsearch.api.spi.SearchAlgorithm;
import dev.diffsearch.api.spi.SearchContext;
import dev.diffsearch.api.spi.SearchOutcome;
import dev.diffsearch.api.spi.SearchPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Zero-order search (Ma et al. 2025, §3.2): a pivot noise and N neighbours on its norm-sphere at cosine
 * τ; the best of pivot and neighbours becomes the pivot; a round with no improvement draws a fresh pivot
 * ({@code on-stall: restart}, which escapes the fixed point) or new neighbours ({@code continue}). A fresh
 * pivot is scored in one batch with its first neighbours (they depend on its noise, not its score). Every
 * noise comes from the seeded source and is saved with its candidate. Stops when the budget cannot pay
 * for another candidate; the last round may have fewer neighbours. A round is drawn and scored batch by
 * batch; only the pivot, the round's best and the best so far are kept.
 */
public final class ZeroOrderSearch implements SearchAlgorithm {

  private final ZeroOrderConfig config;

  public ZeroOrderSearch(ZeroOrderConfig config) {
    this.config = config;
  }

  @Override
  public long plannedNfe(SearchPlan plan) {
    int affordable = Budget.affordable(plan);
    Budget.requireBatchMemory(plan, Math.min(affordable, config.neighbours() + 1L));
    return affordable * plan.costPerCandidate();
  }

  @Override
  public SearchOutcome search(SearchContext context) {
    long cost = context.costPerCandidate();
    Candidate pivot = null; // null: the next round starts from a fresh pivot
    Candidate best = null;
    while (context.nfeRemaining() >= cost) {
      long affordable = context.nfeRemaining() / cost;
      boolean fresh = pivot == null; // a fresh pivot is scored in the same batch as its first neighbours
      float[] centre = fresh ? context.drawNoise() : pivot.noise();
      String centreId = fresh ? context.peekId() : pivot.id();
      int k = (int) Math.min(config.neighbours(), fresh ? affordable - 1 : affordable);
      int total = (fresh ? 1 : 0) + k;
      Candidate top = null; // the round's best neighbour
      // batch by batch, each batch's neighbours drawn just before it: only one batch of noises is held
      for (int done = 0; done < total; ) {
        int b = Math.min(context.maxBatch(), total - done);
        boolean withPivot = fresh && done == 0;
        List<float[]> noises = new ArrayList<>(b);
        List<String> parents = new ArrayList<>(b);
        if (withPivot) {
          noises.add(centre);
          parents.add(null);
        }
        for (float[] direction : context.drawNoises(b - noises.size())) {
          noises.add(neighbour(centre, config.cosine(), direction));
          parents.add(centreId);
        }
        List<Candidate> scored = context.evaluate(noises, parents);
        if (withPivot) {
          pivot = scored.get(0);
          scored = scored.subList(1, scored.size());
        }
        top = Ranking.best(top, scored);
        done += b;
      }
      best = best == null ? pivot : Ranking.best(List.of(best, pivot));
      if (top == null) {
        break;
      }
      best = Ranking.best(List.of(best, top));
      if (top.score() > pivot.score()) {
        pivot = top;
      } else if (config.restart()) {
        pivot = null;
      }
    }
    return new SearchOutcome(best);
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
