package dev.diffsearch.core.spi;

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
    parts = Map.copyOf(parts);
  }

  /** Scores without parts. */
  public static VerifierScores of(float[] total) {
    return new VerifierScores(total, Map.of());
  }
}
