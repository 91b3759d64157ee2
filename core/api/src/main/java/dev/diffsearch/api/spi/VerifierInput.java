package dev.diffsearch.api.spi;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;

/**
 * A batch of candidates to score.
 *
 * @param ids candidate ids, one per row: scores are keyed by these, never by position of completion
 * @param samples final samples at σ = 0, {@code [B, C, H, W]}
 * @param classes the conditioning class of each row ({@link Denoiser#UNCONDITIONAL} for none): the
 *     class-label view of {@code conditions}
 * @param taps clean predictions x̂0 at the σ values the verifier asked for, each {@code [B, C, H, W]}
 * @param conditions the condition of each row (class and/or prompt)
 */
public record VerifierInput(
    List<String> ids, NDArray samples, int[] classes, Map<Double, NDArray> taps, List<Condition> conditions) {

  public VerifierInput {
    conditions = List.copyOf(conditions);
    if (conditions.size() != classes.length) {
      throw new IllegalArgumentException(conditions.size() + " conditions for " + classes.length + " rows");
    }
  }

  /** A batch conditioned on class labels alone ({@link Denoiser#UNCONDITIONAL} for none). */
  public VerifierInput(List<String> ids, NDArray samples, int[] classes, Map<Double, NDArray> taps) {
    this(ids, samples, classes, taps, Condition.ofClasses(classes));
  }

  /** A batch with these conditions; {@link #classes} is their class-label view. */
  public VerifierInput(List<String> ids, NDArray samples, Map<Double, NDArray> taps, List<Condition> conditions) {
    this(ids, samples, Condition.classLabels(conditions), taps, conditions);
  }

  public int size() {
    return ids.size();
  }

  /** The prompt of row {@code i}, or null when it has none. */
  public Condition.Prompt prompt(int i) {
    return conditions.get(i).prompt();
  }
}
