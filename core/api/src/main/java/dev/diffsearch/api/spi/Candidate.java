package dev.diffsearch.api.spi;

/**
 * One evaluated candidate of a search.
 *
 * @param id unique within its output, e.g. {@code c00012}
 * @param parentId the candidate it was derived from (a neighbour's pivot, a branch's path), or null
 * @param recipe how to regenerate it (its initial noise and any injected noise)
 * @param sigma the noise level it was scored at (0 for a finished sample; above 0, its clean prediction
 *     was scored)
 * @param nfe the search NFE spent for this output when it was scored
 * @param score the verifier's score
 * @param parts the verifier's part scores (e.g. each ensemble member's), possibly empty
 */
public record Candidate(String id, String parentId, Recipe recipe, double sigma, long nfe, float score,
    java.util.Map<String, Float> parts) {

  public Candidate {
    // sorted by name: Map.copyOf iterates in an order that changes from JVM to JVM, and the parts are written
    parts = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(parts));
  }

  /** A candidate whose verifier reported no part scores. */
  public Candidate(String id, String parentId, Recipe recipe, double sigma, long nfe, float score) {
    this(id, parentId, recipe, sigma, nfe, score, java.util.Map.of());
  }

  /** The unit noise the candidate starts from. */
  public float[] noise() {
    return recipe.initialNoise();
  }
}
