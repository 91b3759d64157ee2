package dev.diffsearch.core.spi;

/**
 * One evaluated candidate of a search.
 *
 * @param id unique within its output, e.g. {@code c0012}
 * @param parentId the candidate it was derived from (a neighbour's pivot, a branch's path), or null
 * @param noise the initial noise at σ_max that regenerates it, flattened {@code C·H·W}
 * @param sigma the noise level it was scored at (0 for a finished sample)
 * @param nfe the search NFE spent for this output when it was scored
 * @param score the verifier's score
 */
public record Candidate(
    String id, String parentId, float[] noise, double sigma, long nfe, float score) {}
