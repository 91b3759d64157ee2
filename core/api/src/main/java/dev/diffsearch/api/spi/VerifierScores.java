package dev.diffsearch.api.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A verifier's scores for a batch: the score that ranks candidates, and named part scores (an
 * ensemble's members, a judge's axes) that go into candidates.jsonl beside it.
 *
 * @param total one score per row, higher is better
 * @param parts part name → one score per row
 */
public record VerifierScores(float[] total, Map<String, float[]> parts) {

  public VerifierScores {
    // in the verifier's order (e.g. the ensemble's members): Map.copyOf's order changes from JVM to JVM
    parts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parts));
  }

  /** Scores without parts. */
  public static VerifierScores of(float[] total) {
    return new VerifierScores(total, Map.of());
  }

  /**
   * The rows of {@code scores} that are not finite numbers (NaN, ±∞), as {@code "candidate c00002 (NaN)"}
   * or {@code "candidates c00002 (NaN), c00005 (Infinity) and 3 more"}; null when every score is finite.
   * A score must be a finite number: one that is not would rank against the others meaninglessly.
   */
  public static String nonFinite(float[] scores, List<String> ids) {
    List<String> bad = new ArrayList<>();
    int count = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!Float.isFinite(scores[i])) {
        if (count++ < 4) {
          bad.add((i < ids.size() ? ids.get(i) : "row " + i) + " (" + scores[i] + ")");
        }
      }
    }
    if (count == 0) {
      return null;
    }
    return (count == 1 ? "candidate " : "candidates ") + String.join(", ", bad)
        + (count > bad.size() ? " and " + (count - bad.size()) + " more" : "");
  }
}
