package dev.diffsearch.api.spi;

/** Scores a batch of candidates, one float each; higher is better. */
public interface Verifier {

  /** σ values at which the verifier needs the clean prediction x̂0; none by default. */
  default double[] tapSigmas() {
    return new double[0];
  }

  /** Whether the verifier needs the conditioning class (a label-free verifier does not). */
  default boolean needsCondition() {
    return false;
  }

  /**
   * Whether this verifier sees what the evaluation measures (an oracle, e.g. the evaluator network's own
   * class probability): run.json marks such runs so that no report mixes them with fair ones.
   */
  default boolean oracle() {
    return false;
  }

  /** One score per row of {@code input}, in row order. */
  float[] score(VerifierInput input);

  /**
   * The scores with their named parts (an ensemble's members, a judge's axes), which the run records per
   * candidate. By default just {@link #score} with no parts.
   */
  default VerifierScores scoreAll(VerifierInput input) {
    return VerifierScores.of(score(input));
  }
}
