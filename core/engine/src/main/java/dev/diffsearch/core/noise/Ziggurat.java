package dev.diffsearch.core.noise;

import java.util.SplittableRandom;

/**
 * Standard normal floats by the ziggurat method of Marsaglia and Tsang (J. Stat. Softw. 5(8), 2000) with 256
 * layers, two samples per 64-bit draw on the fast path (about 99 % of samples). Each 32-bit half is one
 * sample: its low 8 bits pick a layer and its top 24 bits, read as a signed number, give the sign and a
 * 23-bit position in the layer, so layer and position are independent. Positions are quantised to 2⁻²³ of
 * a layer's width (at most 4.4e-7), below the precision of the floats the samples are stored in.
 *
 * <p>The density is f(x) = exp(−x²/2) on x ≥ 0 and every layer, including the base with its tail beyond
 * r, has area v. Layer 0 is the base: width v/f(r), with the tail x > r sampled by Marsaglia's method.
 * Layer i ≥ 1 spans heights f(x_i)..f(x_{i+1}) with width x_i, where x_1 = r and
 * f(x_{i+1}) = f(x_i) + v/x_i; its part left of x_{i+1} lies under the density, the rest (the wedge)
 * is accepted by comparing a uniform height with f, and a rejected point starts over with fresh bits.
 */
final class Ziggurat {

  private static final int LAYERS = 256;
  /** Right edge of the base layer's rectangle (Marsaglia and Tsang, 256 layers). */
  private static final double R = 3.6541528853610088;
  /** Area of every layer. */
  private static final double V = 4.92867323399e-3;
  private static final double POSITIONS = 0x1.0p23;

  /** Position scale of layer i: its width / 2²³. */
  private static final double[] SCALE = new double[LAYERS];
  /** Layer i accepts at once when |position| is below this (x < x_{i+1}). */
  private static final int[] INSIDE = new int[LAYERS];
  /** f at the bottom (index i) and top (index i + 1) of layer i; FLOOR[LAYERS] = 1. */
  private static final double[] FLOOR = new double[LAYERS + 1];

  static {
    double[] x = new double[LAYERS + 1];
    x[0] = V / density(R); // the base layer's pseudo-width: rectangle plus tail
    x[1] = R;
    FLOOR[0] = 0;
    FLOOR[1] = density(R);
    for (int i = 1; i < LAYERS - 1; i++) {
      FLOOR[i + 1] = FLOOR[i] + V / x[i];
      x[i + 1] = Math.sqrt(-2 * Math.log(FLOOR[i + 1]));
    }
    x[LAYERS] = 0;
    FLOOR[LAYERS] = 1;
    for (int i = 0; i < LAYERS; i++) {
      SCALE[i] = x[i] / POSITIONS;
      INSIDE[i] = (int) Math.floor(x[i + 1] / x[i] * POSITIONS); // layer 0: x < r, since x[1] = r
    }
  }

  private Ziggurat() {}

  /** Fills {@code out} with N(0, 1) samples from {@code random}, in order. */
  static void fill(SplittableRandom random, float[] out) {
    int i = 0;
    while (i < out.length) {
      long bits = random.nextLong();
      out[i++] = sample((int) bits, random);
      if (i < out.length) {
        out[i++] = sample((int) (bits >>> 32), random);
      }
    }
  }

  private static float sample(int bits, SplittableRandom random) {
    int layer = bits & 0xFF;
    int position = bits >> 8; // signed: the sample's sign comes with the multiplication
    return Math.abs(position) < INSIDE[layer] ? (float) (position * SCALE[layer]) : outside(bits, random);
  }

  /** The rest of a sample whose 32 bits fell outside the fast region: tail, wedge, or a new try. */
  private static float outside(int bits, SplittableRandom random) {
    while (true) {
      int layer = bits & 0xFF;
      int position = bits >> 8;
      double x = position * SCALE[layer];
      if (Math.abs(position) < INSIDE[layer]) {
        return (float) x;
      }
      if (layer == 0) {
        return (float) (position < 0 ? -tail(random) : tail(random));
      }
      double height = FLOOR[layer] + random.nextDouble() * (FLOOR[layer + 1] - FLOOR[layer]);
      if (height < density(x)) {
        return (float) x;
      }
      bits = random.nextInt();
    }
  }

  /** A sample of the normal conditioned on x > R (Marsaglia 1964). */
  private static double tail(SplittableRandom random) {
    double a;
    double b;
    do {
      a = -Math.log1p(-random.nextDouble()) / R;
      b = -Math.log1p(-random.nextDouble());
    } while (2 * b < a * a);
    return R + a;
  }

  private static double density(double x) {
    return Math.exp(-0.5 * x * x);
  }
}
