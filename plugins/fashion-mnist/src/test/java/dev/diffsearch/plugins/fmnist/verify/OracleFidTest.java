package dev.diffsearch.plugins.fmnist.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.api.spi.NoConfig;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.nets.Metrics;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import dev.diffsearch.plugins.fmnist.eval.Reference;
import dev.diffsearch.plugins.fmnist.net.Classifier;
import dev.diffsearch.plugins.fmnist.net.Net;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * oracle-fid scores candidates by the FID the running set would have with them, greedily, against the test
 * statistics in the set's class proportions.
 */
class OracleFidTest {

  @AutoClose static final NDManager manager = NDManager.newBaseManager();
  static FashionMnist.Data test;
  static Reference.Stats reference;
  static Classifier evaluator;

  @BeforeAll
  static void load() throws IOException {
    test = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST);
    reference = Reference.shipped();
    evaluator = Classifier.open(Net.EVALUATOR, manager, null);
  }

  /** The test statistics of one class, from the shipped features and the dataset's own labels. */
  private static Metrics.Stats classStatistics(int label) {
    int d = reference.test().dim();
    float[] rows = new float[test.size() * d];
    int n = 0;
    for (int i = 0; i < test.size(); i++) {
      if (test.labels()[i] == label) {
        System.arraycopy(reference.testFeatures(), i * d, rows, n++ * d, d);
      }
    }
    return Metrics.Stats.of(Arrays.copyOf(rows, n * d), n, d);
  }

  @Test
  void candidatesScoreMinusTheFidOfTheRunningSetWithThemAgainstTheirClassAndWinnersJoinTheSet() {
    float[] x = test.head(6).x();
    Metrics.Stats tshirts = classStatistics(0);
    OracleFidVerifier.GreedyFid v = open();
    assertThat(v.oracle()).isTrue();
    float[] features = features(x, 6);
    int d = features.length / 6;

    // output 0 (class 0): empty set, so the mean term −‖f − μ‖² with the class's mean
    float[] s0 = v.score(input(x, 0, 2, 0, "c00000", "c00001"));
    for (int i = 0; i < 2; i++) {
      double sq = 0;
      for (int j = 0; j < d; j++) {
        double diff = features[i * d + j] - tshirts.mean()[j];
        sq += diff * diff;
      }
      assertThat((double) s0[i]).isCloseTo(-sq, within(1e-3 * sq));
    }
    int winner = s0[0] >= s0[1] ? 0 : 1;

    // output 1 (class 0 again) starts (ids restart): the winner of output 0 joins the set
    float[] s1 = v.score(input(x, 2, 2, 0, "c00000", "c00001"));
    assertThat(v.chosenCount()).isEqualTo(1);
    for (int i = 0; i < 2; i++) {
      float[] pair = new float[2 * d];
      System.arraycopy(features, winner * d, pair, 0, d);
      System.arraycopy(features, (2 + i) * d, pair, d, d);
      double fid = Metrics.fid(Metrics.Stats.of(pair, 2, d), tshirts);
      assertThat((double) s1[i]).isCloseTo(-fid, within(1e-3 * fid));
    }
    // a later batch of the same output does not grow the set
    v.score(input(x, 4, 2, 0, "c00002", "c00003"));
    assertThat(v.chosenCount()).isEqualTo(1);
  }

  @Test
  void theReferenceIsTheTestSetInTheClassProportionsOfTheSet() {
    assertThat(reference.testLabels()).as("the shipped labels are the test split's").containsExactly(test.labels());
    Metrics.Stats[] byClass = reference.testByClass();
    // one class: its own statistics; the ten in equal parts: the whole test set's
    double[] onlyBags = new double[10];
    onlyBags[8] = 3;
    assertThat(Metrics.fid(OracleFidVerifier.mixture(byClass, onlyBags), classStatistics(8))).isLessThan(1e-6);
    double[] equal = new double[10];
    Arrays.fill(equal, 2);
    Metrics.Stats all = OracleFidVerifier.mixture(byClass, equal);
    assertThat(all.mean()).containsExactly(reference.test().mean(), within(1e-5));
    double trace = 0;
    for (int j = 0; j < all.dim(); j++) {
      trace += reference.test().cov()[j][j];
    }
    assertThat(Metrics.fid(all, reference.test())).isLessThan(1e-3 * trace);

    // so an unconditional sample alone is judged against the whole test set's mean
    float[] x = test.head(1).x();
    float[] f = features(x, 1);
    double sq = 0;
    for (int j = 0; j < f.length; j++) {
      sq += (f[j] - reference.test().mean()[j]) * (f[j] - reference.test().mean()[j]);
    }
    assertThat((double) open().score(input(x, 0, 1, Denoiser.UNCONDITIONAL, "c00000"))[0])
        .isCloseTo(-sq, within(1e-4 * sq));
    assertThatThrownBy(() -> open().score(input(x, 0, 1, 10, "c00000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("class 10 is not one of the 10 Fashion-MNIST classes whose test statistics oracle-fid compares with");
  }

  /**
   * A run lists its outputs class by class, T-shirts first. Against the whole test set (the rule before)
   * a set of T-shirts alone favours the T-shirts nearest the mean of all ten classes, the least T-shirt-like;
   * against its own class the oracle picks T-shirts that make a set like the test set's T-shirts.
   */
  @Test
  void theClassThatComesFirstIsJudgedAgainstItselfNotAgainstAllTenClasses() {
    int outputs = 6;
    int candidates = 8;
    float[] tshirts = imagesOf(0, outputs * candidates);
    float[] f = features(tshirts, outputs * candidates);
    int d = f.length / (outputs * candidates);

    OracleFidVerifier.GreedyFid v = open();
    List<float[]> picked = new ArrayList<>();
    for (int o = 0; o < outputs; o++) {
      String[] ids = new String[candidates];
      for (int i = 0; i < candidates; i++) {
        ids[i] = String.format("c%05d", i);
      }
      float[] s = v.score(input(tshirts, o * candidates, candidates, 0, ids));
      picked.add(row(f, o * candidates + argmax(s), d));
    }
    List<float[]> before = greedyAgainstAllClasses(f, outputs, candidates, d);

    Metrics.Stats ofTshirts = classStatistics(0);
    double[] allMean = reference.test().mean();
    assertThat(distance(picked.get(0), ofTshirts.mean())).as("first pick: the candidate nearest the T-shirts' mean")
        .isLessThan(distance(before.get(0), ofTshirts.mean()));
    assertThat(distance(before.get(0), allMean)).as("the rule before: the one nearest the mean of all classes")
        .isLessThan(distance(picked.get(0), allMean));
    // the chosen T-shirts together: nearer the T-shirts' statistics than the picks of the rule before
    assertThat(fid(picked, ofTshirts)).isLessThan(fid(before, ofTshirts));
    assertThat(distance(mean(picked), ofTshirts.mean())).isLessThan(distance(mean(before), ofTshirts.mean()));
  }

  /** The rule before: greedy −FID against all ten classes (the mean term for the first pick). */
  private static List<float[]> greedyAgainstAllClasses(float[] f, int outputs, int candidates, int d) {
    List<float[]> chosen = new ArrayList<>();
    for (int o = 0; o < outputs; o++) {
      float[] best = null;
      double bestDistance = Double.POSITIVE_INFINITY;
      for (int i = 0; i < candidates; i++) {
        float[] fi = row(f, o * candidates + i, d);
        List<float[]> with = new ArrayList<>(chosen);
        with.add(fi);
        double dist = chosen.isEmpty() ? distance(fi, reference.test().mean()) * distance(fi, reference.test().mean())
            : fid(with, reference.test());
        if (dist < bestDistance) {
          bestDistance = dist;
          best = fi;
        }
      }
      chosen.add(best);
    }
    return chosen;
  }

  private static double fid(List<float[]> set, Metrics.Stats against) {
    int d = set.get(0).length;
    float[] all = new float[set.size() * d];
    for (int i = 0; i < set.size(); i++) {
      System.arraycopy(set.get(i), 0, all, i * d, d);
    }
    return Metrics.fid(Metrics.Stats.of(all, set.size(), d), against);
  }

  private static double[] mean(List<float[]> set) {
    double[] m = new double[set.get(0).length];
    for (float[] f : set) {
      for (int j = 0; j < m.length; j++) {
        m[j] += f[j] / (double) set.size();
      }
    }
    return m;
  }

  private static double distance(float[] f, double[] mean) {
    double[] g = new double[f.length];
    for (int j = 0; j < f.length; j++) {
      g[j] = f[j];
    }
    return distance(g, mean);
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += (a[j] - b[j]) * (a[j] - b[j]);
    }
    return Math.sqrt(s);
  }

  private static int argmax(float[] s) {
    int best = 0;
    for (int i = 1; i < s.length; i++) {
      best = s[i] > s[best] ? i : best;
    }
    return best;
  }

  private static float[] row(float[] f, int i, int d) {
    return Arrays.copyOfRange(f, i * d, (i + 1) * d);
  }

  /** The first {@code n} test images of class {@code label}. */
  private static float[] imagesOf(int label, int n) {
    float[] x = new float[n * FashionMnist.PIXELS];
    int k = 0;
    for (int i = 0; i < test.size() && k < n; i++) {
      if (test.labels()[i] == label) {
        System.arraycopy(test.x(), i * FashionMnist.PIXELS, x, k++ * FashionMnist.PIXELS, FashionMnist.PIXELS);
      }
    }
    return x;
  }

  private static OracleFidVerifier.GreedyFid open() {
    return (OracleFidVerifier.GreedyFid) new OracleFidVerifier().create(new NoConfig(), new ModelContext(manager, Path.of(".")));
  }

  private static float[] features(float[] x, int n) {
    return evaluator.forward(manager.create(x, new Shape(n, 1, 28, 28))).get(1).toFloatArray();
  }

  private static VerifierInput input(float[] x, int from, int n, int label, String... ids) {
    NDArray batch = manager.create(Arrays.copyOfRange(x, from * 784, (from + n) * 784), new Shape(n, 1, 28, 28));
    int[] classes = new int[n];
    Arrays.fill(classes, label);
    return new VerifierInput(List.of(ids), batch, classes, Map.of());
  }
}
