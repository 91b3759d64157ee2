package dev.diffsearch.core.noise;

import java.util.SplittableRandom;

/**
 * The seeded source of all randomness of one output of a run. Draw k of output o under seed s is a
 * pure function of (s, o, k), so a run is reproduced by its seed and a resumed run draws what the
 * killed one would have. Standard normals come from {@link SplittableRandom#nextGaussian()}.
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
    SplittableRandom random = stream(draws++);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) random.nextGaussian();
    }
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
