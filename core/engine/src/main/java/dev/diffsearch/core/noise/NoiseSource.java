package dev.diffsearch.core.noise;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seeded source of all randomness of one output of a run. Draw k of output o under seed s is a
 * pure function of (s, o, k), so a run is reproduced by its seed and a resumed run draws what the
 * killed one would have. Standard normals come from {@link SplittableRandom#nextGaussian()}, except the
 * forward kicks of branching searches ({@link #kicks}), which come from the faster {@link Ziggurat}.
 */
public final class NoiseSource {

  private final long seed;
  private final long output;
  private long draws;

  public NoiseSource(long seed, long output) {
    this.seed = seed;
    this.output = output;
  }

  /** The next vector of {@code n} independent N(0, 1) floats. */
  public float[] gaussian(int n) {
    return fill(draws++, n);
  }

  /**
   * The next {@code count} vectors of {@code n} N(0, 1) floats: exactly what {@code count} calls of
   * {@link #gaussian(int)} return, in that order. Filled on the calling thread: drawing on a second one
   * (each draw depends only on its index, so that would change no value) was measured to slow the engine's
   * next calls, whose own threads want both cores, by more than it saved.
   */
  public List<float[]> gaussians(int count, int n) {
    return draw(count, n, false);
  }

  /**
   * The next {@code count} vectors of {@code n} N(0, 1) floats for forward kicks of particles (branches of
   * search over paths and beam search, resampled SMC copies). Like {@link #gaussians} they are draws
   * number {@link #draws()} onwards, pure functions of (seed, output, draw); the normals come from
   * {@link Ziggurat}, 2–2.5 times as fast as {@link SplittableRandom#nextGaussian()} here, because branching
   * searches draw a full noise vector every few NFE.
   * Initial noises keep {@code nextGaussian}, so the seeds of earlier runs of random and zero-order search
   * still reproduce them.
   */
  public List<float[]> kicks(int count, int n) {
    return draw(count, n, true);
  }

  private List<float[]> draw(int count, int n, boolean ziggurat) {
    float[][] out = new float[count][];
    for (int i = 0; i < count; i++) {
      out[i] = ziggurat ? fillZiggurat(draws++, n) : fill(draws++, n);
    }
    return Arrays.asList(out);
  }

  private float[] fill(long draw, int n) {
    SplittableRandom random = stream(draw);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }

  private float[] fillZiggurat(long draw, int n) {
    float[] out = new float[n];
    Ziggurat.fill(stream(draw), out);
    return out;
  }

  /** The next vector of {@code n} N(0, σ²) floats. */
  public float[] gaussian(int n, double sigma) {
    float[] out = gaussian(n);
    for (int i = 0; i < n; i++) {
      out[i] = (float) (out[i] * sigma);
    }
    return out;
  }

  /** A uniform double in [0, 1), from its own draw. */
  public double uniform() {
    return stream(draws++).nextDouble();
  }

  /** How many draws were made so far. */
  public long draws() {
    return draws;
  }

  private SplittableRandom stream(long k) {
    long key = mix(mix(mix(seed) ^ output) + 0x9E3779B97F4A7C15L * (k + 1));
    return new SplittableRandom(key);
  }

  /** SplitMix64's finaliser: spreads nearby keys over the whole 64-bit range. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
