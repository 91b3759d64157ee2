package dev.diffsearch.plugins.fmnist.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.diffsearch.nets.Metrics;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @AutoClose static final NDManager manager = NDManager.newBaseManager();

  /** n points in d dimensions with correlated coordinates. */
  private static float[] cloud(int n, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * d];
    for (int i = 0; i < n; i++) {
      double shared = r.nextGaussian();
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) (0.5 * shared + r.nextGaussian() * (1 + j % 3) + j * 0.1);
      }
    }
    return x;
  }

  private static float[] plusNoise(float[] x, double s, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] y = x.clone();
    for (int i = 0; i < y.length; i++) {
      y[i] += (float) (s * r.nextGaussian());
    }
    return y;
  }

  @Test
  void fidOfASetAgainstItselfIsZeroAndGrowsWithNoise() {
    int n = 2000;
    int d = 16;
    float[] x = cloud(n, d, 1);
    Metrics.Stats base = Metrics.Stats.of(x, n, d);
    assertThat(Metrics.fid(base, base)).isCloseTo(0, within(1e-6));
    double previous = 0;
    for (double s : new double[] {0.1, 0.3, 1.0, 3.0}) {
      double fid = Metrics.fid(base, Metrics.Stats.of(plusNoise(x, s, 7), n, d));
      assertThat(fid).isGreaterThan(previous);
      previous = fid;
    }
  }

  @Test
  void fidMatchesTheClosedFormForDiagonalGaussians() {
    // N(0, I) vs N(m, 4I) in d dims: ‖m‖² + d·(1 + 4 − 2·2) = ‖m‖² + d
    int d = 5;
    double[][] i1 = new double[d][d];
    double[][] i4 = new double[d][d];
    double[] m = new double[d];
    for (int j = 0; j < d; j++) {
      i1[j][j] = 1;
      i4[j][j] = 4;
      m[j] = 1;
    }
    double fid = Metrics.fid(new Metrics.Stats(new double[d], i1, 10), new Metrics.Stats(m, i4, 10));
    assertThat(fid).isCloseTo(d + d, within(1e-9));
  }

  @Test
  void matrixSquareRootSquaresBack() {
    int d = 6;
    Metrics.Stats s = Metrics.Stats.of(cloud(500, d, 3), 500, d);
    double[][] root = Metrics.sqrtPsd(s.cov());
    double[][] sq = Metrics.multiply(root, root);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        assertThat(sq[i][j]).isCloseTo(s.cov()[i][j], within(1e-9));
      }
    }
  }

  @Test
  void inceptionScoreOfAConfidentClassUniformSetIsTen() {
    double[][] p = new double[1000][10];
    for (int i = 0; i < p.length; i++) {
      p[i][i % 10] = 1;
    }
    assertThat(Metrics.inceptionScore(p)).isCloseTo(10, within(1e-9));
    double[][] unsure = new double[100][10];
    for (double[] row : unsure) {
      java.util.Arrays.fill(row, 0.1);
    }
    assertThat(Metrics.inceptionScore(unsure)).isCloseTo(1, within(1e-9));
    double[][] oneClass = new double[100][10];
    for (double[] row : oneClass) {
      row[3] = 1;
    }
    assertThat(Metrics.inceptionScore(oneClass)).isCloseTo(1, within(1e-9));
  }

  /** Precision and recall (k = 3) of the points {@code fake} against the points {@code real}, both of dimension d. */
  private static Metrics.PrecisionRecall precisionRecall(float[] real, float[] fake, int d) {
    return Metrics.precisionRecall(real, real.length / d, fake, fake.length / d, d, 3, manager);
  }

  /** KID (3 subsets) of the points {@code x} against the points {@code y}, both of dimension d. */
  private static Metrics.Kid kid(float[] x, float[] y, int d) {
    return Metrics.kid(x, x.length / d, y, y.length / d, d, 3, manager);
  }

  @Test
  void precisionAndRecallOfIdenticalSetsAreOne() {
    float[] x = cloud(500, 8, 5);
    Metrics.PrecisionRecall pr = precisionRecall(x, x.clone(), 8);
    assertThat(pr.precision()).isEqualTo(1.0);
    assertThat(pr.recall()).isEqualTo(1.0);
    assertThat(pr.k()).isEqualTo(3);
  }

  @Test
  void precisionDropsForFarAwaySamplesAndRecallForACollapsedSet() {
    int n = 400;
    int d = 8;
    float[] real = cloud(n, d, 5);
    float[] far = real.clone();
    for (int i = 0; i < far.length; i++) {
      far[i] += 50;
    }
    Metrics.PrecisionRecall apart = precisionRecall(real, far, d);
    assertThat(apart.precision()).isEqualTo(0.0);
    assertThat(apart.recall()).isEqualTo(0.0);
    // a "mode collapse": 400 samples all near one real point: precise, no recall
    float[] collapsed = new float[n * d];
    SplittableRandom r = new SplittableRandom(9);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        collapsed[i * d + j] = real[j] + (float) (1e-3 * r.nextGaussian());
      }
    }
    Metrics.PrecisionRecall mode = precisionRecall(real, collapsed, d);
    assertThat(mode.precision()).isEqualTo(1.0);
    assertThat(mode.recall()).isLessThan(0.05);
  }

  @Test
  void kidIsAboutZeroForTheSameDistributionAndGrowsWithNoise() {
    int d = 16;
    float[] x = cloud(1000, d, 11);
    float[] y = cloud(1000, d, 12);
    Metrics.Kid same = kid(x, y, d);
    Metrics.Kid noisy = kid(x, plusNoise(y, 2.0, 4), d);
    assertThat(Math.abs(same.mean())).isLessThan(noisy.mean() / 20);
    assertThat(noisy.mean()).isGreaterThan(0);
  }
}
