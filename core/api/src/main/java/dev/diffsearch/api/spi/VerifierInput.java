package dev.diffsearch.api.spi;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;

/**
 * A batch of candidates to score.
 *
 * @param ids candidate ids, one per row: scores are keyed by these, never by position of completion
 * @param samples final samples at σ = 0, {@code [B, C, H, W]}
 * @param classes the conditioning class of each row ({@link Denoiser#UNCONDITIONAL} for none)
 * @param taps clean predictions x̂0 at the σ values the verifier asked for, each {@code [B, C, H, W]}
 */
public record VerifierInput(
    List<String> ids, NDArray samples, int[] classes, Map<Double, NDArray> taps) {

  public int size() {
    return ids.size();
  }
}
