package dev.diffsearch.plugins.mixture;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.spi.Denoiser;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MixtureModelTest {

  static NDManager manager;
  static MixtureFiles.Parameters params;
  static MixtureModel model;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
    params = MixtureFiles.bundled();
    model = params.open(manager);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  /** log p_σ(x | allowed components), in double precision, straight from the density formula. */
  private static double logDensity(double[] x, double sigma, int cls) {
    double best = Double.NEGATIVE_INFINITY;
    double[] terms = new double[params.means().length];
    for (int k = 0; k < terms.length; k++) {
      if (cls != Denoiser.UNCONDITIONAL && params.classes()[k] != cls) {
        terms[k] = Double.NEGATIVE_INFINITY;
        continue;
      }
      double v = params.variances()[k] + sigma * sigma;
      double sq = 0;
      for (int d = 0; d < x.length; d++) {
        double diff = x[d] - params.means()[k][d];
        sq += diff * diff;
      }
      double prior = Math.log(params.weights()[k]) - (cls == Denoiser.UNCONDITIONAL ? Math.log(params.numClasses()) : 0);
      terms[k] = prior - 0.5 * x.length * Math.log(2 * Math.PI * v) - sq / (2 * v);
      best = Math.max(best, terms[k]);
    }
    double sum = 0;
    for (double t : terms) {
      sum += Math.exp(t - best);
    }
    return best + Math.log(sum);
  }

  /**
   * Tweedie: E[x0 | x] = x + σ²·∇ log p_σ(x). The gradient is taken by central differences of the
   * density written out in the test, so the check shares no code with the model.
   */
  private static double[] bruteForcePosteriorMean(double[] x, double sigma, int cls) {
    double h = 1e-4;
    double[] out = new double[x.length];
    for (int d = 0; d < x.length; d++) {
      double keep = x[d];
      x[d] = keep + h;
      double up = logDensity(x, sigma, cls);
      x[d] = keep - h;
      double down = logDensity(x, sigma, cls);
      x[d] = keep;
      out[d] = keep + sigma * sigma * (up - down) / (2 * h);
    }
    return out;
  }

  @Test
  void mixtureDenoiserEqualsTheBruteForcePosteriorMean() {
    SplittableRandom r = new SplittableRandom(3);
    double[] sigmas = {0.3, 1.0, 3.0};
    int[][] classCases = {{2}, {Denoiser.UNCONDITIONAL}, {7}};
    for (int c = 0; c < sigmas.length; c++) {
      double sigma = sigmas[c];
      int cls = classCases[c][0];
      // a point between two components of different classes, plus noise: responsibilities are mixed
      double[] x = new double[784];
      for (int d = 0; d < x.length; d++) {
        x[d] = 0.5 * params.means()[8][d] + 0.5 * params.means()[29][d] + sigma * r.nextGaussian();
      }
      double[] want = bruteForcePosteriorMean(x.clone(), sigma, cls);
      try (NDManager m = manager.newSubManager()) {
        NDArray in = m.create(x, new Shape(1, 1, 28, 28));
        double[] got = model.denoise(in, m.create(new double[] {sigma}), new int[] {cls}).toDoubleArray();
        double maxErr = 0;
        for (int d = 0; d < x.length; d++) {
          maxErr = Math.max(maxErr, Math.abs(got[d] - want[d]));
        }
        assertThat(maxErr).as("σ=%s class=%s", sigma, cls).isLessThan(1e-5);
      }
    }
  }

  @Test
  void atATinySigmaTheDenoiserReturnsItsInput() {
    try (NDManager m = manager.newSubManager()) {
      NDArray x = m.randomNormal(new Shape(4, 1, 28, 28));
      NDArray d = model.denoise(x, m.full(new Shape(4), 1e-4f), new int[] {0, 1, 2, Denoiser.UNCONDITIONAL});
      assertThat(d.sub(x).abs().max().getFloat()).isLessThan(1e-5f);
    }
  }

  @Test
  void atAHugeSigmaTheDenoiserReturnsTheClassMean() {
    try (NDManager m = manager.newSubManager()) {
      NDArray x = m.zeros(new Shape(1, 1, 28, 28));
      double[] d = model.denoise(x, m.create(new float[] {1e4f}), new int[] {5}).toType(DataType.FLOAT64, false).toDoubleArray();
      double[] mean = new double[784];
      for (int k = 0; k < params.means().length; k++) {
        if (params.classes()[k] == 5) {
          for (int i = 0; i < 784; i++) {
            mean[i] += params.weights()[k] * params.means()[k][i];
          }
        }
      }
      for (int i = 0; i < 784; i++) {
        assertThat(d[i]).isCloseTo(mean[i], org.assertj.core.data.Offset.offset(1e-4));
      }
    }
  }

  /** Bayes from the density formula: log p_σ(c|x) = log p_σ(x|c) + log(1/10) − log p_σ(x). */
  @Test
  void classPosteriorMatchesBayesOnTheDensityFormula() {
    SplittableRandom random = new SplittableRandom(11);
    int b = 6;
    double sigma = 2.0;
    float[] flat = new float[b * 784];
    int[] classes = new int[b];
    for (int i = 0; i < b; i++) {
      float[] mean = params.means()[(7 * i) % 40];
      for (int d = 0; d < 784; d++) {
        flat[i * 784 + d] = (float) (mean[d] + 0.8 * random.nextGaussian());
      }
      classes[i] = (3 * i) % 10;
    }
    try (NDManager m = manager.newSubManager()) {
      MixtureModel.ClassPosterior posterior = model.classPosterior(m, sigma);
      float[] got = posterior.logPosterior(m.create(flat, new Shape(b, 1, 28, 28)), classes);
      for (int i = 0; i < b; i++) {
        double[] x = new double[784];
        for (int d = 0; d < 784; d++) {
          x[d] = flat[i * 784 + d];
        }
        double expected = logDensity(x, sigma, classes[i]) - Math.log(10) - logDensity(x, sigma, Denoiser.UNCONDITIONAL);
        // float32 logits: measured errors are below 4e-5
        assertThat((double) got[i]).as("row %d", i).isCloseTo(expected, org.assertj.core.data.Offset.offset(2e-4));
      }
    }
  }

  @Test
  void classPosteriorsSumToOneAndFavourTheClassOfTheMean() {
    try (NDManager m = manager.newSubManager()) {
      float[] mean = params.means()[12]; // a component of class 3
      NDArray x = m.create(mean, new Shape(1, 1, 28, 28));
      double total = 0;
      for (int c = 0; c < 10; c++) {
        float lp = model.classLogPosterior(x, new int[] {c}, 2.0)[0];
        total += Math.exp(lp);
        if (c != 3) {
          assertThat(lp).isLessThan(model.classLogPosterior(x, new int[] {3}, 2.0)[0]);
        }
      }
      assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void theBundledMixtureHasFourComponentsPerClassWithWeightsSummingToOne() {
    assertThat(params.means()).hasNumberOfRows(40);
    assertThat(params.sampleShape()).containsExactly(1, 28, 28);
    for (int c = 0; c < 10; c++) {
      double w = 0;
      for (int k = 0; k < 40; k++) {
        if (params.classes()[k] == c) {
          w += params.weights()[k];
        }
      }
      assertThat(w).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }
  }
}
