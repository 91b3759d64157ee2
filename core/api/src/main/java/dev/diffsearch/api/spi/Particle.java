package dev.diffsearch.api.spi;

/**
 * A partially solved sample of a particle-style search (paths, beams, SMC).
 *
 * @param candidate the candidate it was last scored as (its ancestor's while unscored; null before any)
 * @param state C·H·W floats at σ = {@code recipe.sigma()}
 * @param recipe how to regenerate the state
 * @param clean its last clean prediction x̂0, which stands in for verifier taps (null before any, and when
 *     the verifier taps nothing)
 */
public record Particle(Candidate candidate, float[] state, Recipe recipe, float[] clean) {

  /** The id of its last scored candidate, or null before any. */
  public String id() {
    return candidate == null ? null : candidate.id();
  }

  /** Its last score, or NaN before any. */
  public float score() {
    return candidate == null ? Float.NaN : candidate.score();
  }

  public double sigma() {
    return recipe.sigma();
  }
}
