package dev.diffsearch.algorithms;

import dev.diffsearch.api.spi.Candidate;
import dev.diffsearch.api.spi.Particle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Picking winners: the highest score wins, the earliest wins ties, NaN never wins. */
final class Ranking {

  private Ranking() {}

  private static float key(float score) {
    return Float.isNaN(score) ? Float.NEGATIVE_INFINITY : score;
  }

  static Candidate best(List<Candidate> candidates) {
    return best(null, candidates);
  }

  /** The best of {@code sofar} (null for none) and {@code next}, which come after it. */
  static Candidate best(Candidate sofar, List<Candidate> next) {
    Candidate best = sofar;
    for (Candidate c : next) {
      if (best == null || key(c.score()) > key(best.score())) {
        best = c;
      }
    }
    return best;
  }

  /** The {@code k} highest-scored particles, best first (stable for ties). */
  static List<Particle> top(List<Particle> particles, int k) {
    List<Particle> sorted = new ArrayList<>(particles);
    sorted.sort(Comparator.comparingDouble((Particle p) -> key(p.score())).reversed());
    return new ArrayList<>(sorted.subList(0, Math.min(k, sorted.size())));
  }
}
