package dev.diffsearch.core.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZigguratTest {

  private static final int SAMPLES = 4_000_000;

  /** Φ(x) by composite Simpson integration of the density from 0 (error far below the test's resolution). */
  private static double normalCdf(double x) {
    int n = 4000;
    double h = Math.abs(x) / n;
    double sum = 0;
    for (int i = 0; i <= n; i++) {
      double t = i * h;
      double w = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
      sum += w * Math.exp(-0.5 * t * t);
    }
    double half = sum * h / 3 / Math.sqrt(2 * Math.PI);
    return x >= 0 ? 0.5 + half : 0.5 - half;
  }

  private static float[] samples(long seed) {
    float[] out = new float[SAMPLES];
    Ziggurat.fill(new SplittableRandom(seed), out);
    return out;
  }

  @Test
  void histogramMatchesTheNormalDistributionIncludingTheTails() {
    float[] x = samples(11);
    // bins of width 0.25 on [-4.5, 4.5] plus one for each tail; 3.654 (where the tail sampler takes over) lies inside
    double[] edges = new double[37];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = -4.5 + 0.25 * i;
    }
    long[] counts = new long[edges.length + 1];
    for (float v : x) {
      int bin = 0;
      while (bin < edges.length && v >= edges[bin]) {
        bin++;
      }
      counts[bin]++;
    }
    double chi2 = 0;
    for (int bin = 0; bin < counts.length; bin++) {
      double lo = bin == 0 ? 0 : normalCdf(edges[bin - 1]);
      double hi = bin == edges.length ? 1 : normalCdf(edges[bin]);
      double expected = SAMPLES * (hi - lo);
      chi2 += (counts[bin] - expected) * (counts[bin] - expected) / expected;
    }
    // 37 degrees of freedom: the 0.999 quantile of χ² is 69.3
    assertThat(chi2).as("chi-square over %d bins", counts.length).isLessThan(69.3);
  }

  @Test
  void momentsAndTailMassAreThoseOfAStandardNormal() {
    float[] x = samples(12);
    double m1 = 0;
    double m2 = 0;
    double m3 = 0;
    double m4 = 0;
    long beyondR = 0;
    for (float v : x) {
      m1 += v;
      m2 += v * v;
      m3 += v * v * v;
      m4 += v * v * v * v;
      if (Math.abs(v) > 3.6541528853610088) {
        beyondR++;
      }
    }
    assertThat(m1 / SAMPLES).isCloseTo(0, within(0.002));
    assertThat(m2 / SAMPLES).isCloseTo(1, within(0.003));
    assertThat(m3 / SAMPLES).isCloseTo(0, within(0.01));
    assertThat(m4 / SAMPLES).isCloseTo(3, within(0.02));
    // P(|x| > r) = 2.58e-4: about 1033 of 4M samples, standard deviation 32
    double expected = SAMPLES * 2 * (1 - normalCdf(3.6541528853610088));
    assertThat((double) beyondR).isCloseTo(expected, within(4 * Math.sqrt(expected)));
  }

  @Test
  void consecutiveSamplesAreUncorrelatedAndSignsBalanced() {
    float[] x = samples(13);
    double lag1 = 0;
    long negative = 0;
    for (int i = 0; i < SAMPLES; i++) {
      if (i > 0) {
        lag1 += x[i] * x[i - 1];
      }
      if (x[i] < 0) {
        negative++;
      }
    }
    assertThat(lag1 / (SAMPLES - 1)).isCloseTo(0, within(0.002));
    assertThat((double) negative / SAMPLES).isCloseTo(0.5, within(0.001));
  }

  @Test
  void kicksAreReproducibleShareTheDrawCounterAndMatchOneByOneDraws() {
    NoiseSource batched = new NoiseSource(9, 2);
    NoiseSource oneByOne = new NoiseSource(9, 2);
    batched.gaussian(3);
    oneByOne.gaussian(3);
    List<float[]> batch = batched.kicks(200, 784);
    assertThat(batched.draws()).isEqualTo(201);
    for (int i = 0; i < batch.size(); i++) {
      assertThat(batch.get(i)).as("kick %d", i).containsExactly(oneByOne.kicks(1, 784).get(0));
    }
    assertThat(batched.gaussian(5)).containsExactly(oneByOne.gaussian(5));
    assertThat(new NoiseSource(9, 2).kicks(1, 784).get(0)).isNotEqualTo(new NoiseSource(10, 2).kicks(1, 784).get(0));
  }
}
