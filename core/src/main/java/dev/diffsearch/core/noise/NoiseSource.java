package dev.diffsearch.core.noise;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

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

  /** Below this many floats a batch of draws is filled on the calling thread. */
  private static final long PARALLEL_MIN = 1 << 16;

  /** The next vector of {@code n} independent N(0, 1) floats. */
  public float[] gaussian(int n) {
    return fill(draws++, n);
  }

  /**
   * The next {@code count} vectors of {@code n} N(0, 1) floats: exactly what {@code count} calls of
   * {@link #gaussian(int)} return, in that order. Each draw depends only on its index, so large batches are
   * filled on several threads without changing a value.
   */
  public List<float[]> gaussians(int count, int n) {
    return draw(count, n, false);
  }

  /**
   * The next {@code count} vectors of {@code n} N(0, 1) floats for forward kicks of particles (branches of
   * search over paths and beam search, resampled SMC copies). Like {@link #gaussians} they are draws
   * number {@link #draws()} onwards, pure functions of (seed, output, draw), filled on several threads when
   * large; the normals come from {@link Ziggurat}, 2–2.5 times as fast as {@link
   * SplittableRandom#nextGaussian()} here, because branching searches draw a full noise vector every few NFE.
   * Initial noises keep {@code nextGaussian}, so the seeds of earlier runs of random and zero-order search
   * still reproduce them.
   */
  public List<float[]> kicks(int count, int n) {
    return draw(count, n, true);
  }

  private List<float[]> draw(int count, int n, boolean ziggurat) {
    long first = draws;
    draws += count;
    float[][] out = new float[count][];
    IntStream indices = IntStream.range(0, count);
    if (count > 1 && (long) count * n >= PARALLEL_MIN) {
      indices = indices.parallel();
    }
    indices.forEach(i -> out[i] = ziggurat ? fillZiggurat(first + i, n) : fill(first + i, n));
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
