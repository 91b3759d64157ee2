package dev.diffsearch.api.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything needed to regenerate a candidate: a unit noise n₀ that starts it at σ_start
 * (x = σ_start·n₀), then segments in order: a <em>solve</em> from σ_a down to σ_b with the ODE sampler,
 * or a <em>renoise</em> from σ_a up to σ_b with the exact forward kernel x_b = x_a + √(σ_b² − σ_a²)·ε,
 * ε one of the saved unit noises. Random and zero-order candidates are one solve from σ_max to 0;
 * search over paths, particles and beams add renoise segments. Immutable: branches share prefixes.
 *
 * @param sigmaStart the noise level of n₀
 * @param segments the solves and renoisings after the start
 * @param noises n₀ first, then the ε of each renoise segment, each C·H·W floats
 */
public record Recipe(double sigmaStart, List<Segment> segments, List<float[]> noises) {

  /**
   * A solve ({@code to < from}, {@code noise == -1}) or a renoise ({@code to > from}, {@code noise} the
   * index of its ε in {@link Recipe#noises()}).
   */
  public record Segment(double from, double to, int noise) {

    public boolean isRenoise() {
      return to > from;
    }
  }

  public Recipe {
    segments = Collections.unmodifiableList(segments);
    noises = Collections.unmodifiableList(noises);
  }

  /** A candidate that starts from unit noise {@code n0} at σ_start, nothing done yet. */
  public static Recipe start(double sigmaStart, float[] n0) {
    return new Recipe(sigmaStart, List.of(), List.of(n0));
  }

  /** The one-solve recipe of random and zero-order search: σ_max down to 0. */
  public static Recipe solved(double sigmaMax, float[] n0) {
    return start(sigmaMax, n0).solve(0);
  }

  /** This recipe followed by a solve down to σ = {@code to}. */
  public Recipe solve(double to) {
    double at = sigma();
    if (!(to < at)) {
      throw new IllegalArgumentException("a solve goes down: from " + at + " to " + to);
    }
    List<Segment> s = new ArrayList<>(segments);
    s.add(new Segment(at, to, -1));
    return new Recipe(sigmaStart, s, noises);
  }

  /** This recipe followed by a forward renoise up to σ = {@code to} with unit noise {@code eps}. */
  public Recipe renoise(double to, float[] eps) {
    double at = sigma();
    if (!(to > at)) {
      throw new IllegalArgumentException("a renoise goes up: from " + at + " to " + to);
    }
    List<Segment> s = new ArrayList<>(segments);
    List<float[]> n = new ArrayList<>(noises);
    n.add(eps);
    s.add(new Segment(at, to, n.size() - 1));
    return new Recipe(sigmaStart, s, n);
  }

  /**
   * The state a recipe starts from, x(σ_start) = σ_start·n0. Search and replay both use it (and
   * {@link #kick}), so a replayed recipe reproduces the searched state bit for bit.
   */
  public static float[] startState(double sigmaStart, float[] n0) {
    float[] x = new float[n0.length];
    for (int j = 0; j < x.length; j++) {
      x[j] = (float) (sigmaStart * n0[j]);
    }
    return x;
  }

  /** The exact forward kernel from σ = {@code from} up to {@code to}: x + √(to² − from²)·ε, as a new array. */
  public static float[] kick(float[] x, double from, double to, float[] eps) {
    double scale = Math.sqrt(to * to - from * from);
    float[] out = new float[x.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = (float) (x[j] + scale * eps[j]);
    }
    return out;
  }

  /** The noise level reached at the end of the recipe. */
  public double sigma() {
    return segments.isEmpty() ? sigmaStart : segments.get(segments.size() - 1).to();
  }

  /** n₀, the unit noise the candidate starts from. */
  public float[] initialNoise() {
    return noises.get(0);
  }

  /** Whether the candidate depends on injected noise besides n₀. */
  public boolean hasRenoise() {
    return noises.size() > 1;
  }
}
