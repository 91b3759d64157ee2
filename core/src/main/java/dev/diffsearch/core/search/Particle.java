package dev.diffsearch.core.search;

import dev.diffsearch.core.spi.Recipe;

/**
 * A partially solved sample of a particle-style search (paths, beams, SMC).
 *
 * @param id the id of its last scored candidate (its ancestor's while unscored; null before any)
 * @param state C·H·W floats at σ = {@code recipe.sigma()}
 * @param recipe how to regenerate the state
 * @param score its last score (NaN before any)
 * @param clean its last clean prediction x̂0, which stands in for verifier taps (null before any, and when
 *     the verifier taps nothing)
 */
public record Particle(String id, float[] state, Recipe recipe, float score, float[] clean) {

  public double sigma() {
    return recipe.sigma();
  }
}
