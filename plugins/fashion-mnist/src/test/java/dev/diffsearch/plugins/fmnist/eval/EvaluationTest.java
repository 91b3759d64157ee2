package dev.diffsearch.plugins.fmnist.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.api.io.Png;
import dev.diffsearch.nets.Metrics;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import dev.diffsearch.plugins.fmnist.net.Classifier;
import dev.diffsearch.plugins.fmnist.net.Net;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading run images, the shipped FID reference and the class-balanced reference set. */
class EvaluationTest {

  @TempDir Path dir;

  @Test
  void pngRoundTripKeepsPixels() throws Exception {
    FashionMnist.Data test = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST).head(3);
    Path p = dir.resolve("x.png");
    Files.write(p, Png.encode(test.image(2), 1, 28, 28));
    assertThat(Evaluation.readPng(p)).containsExactly(test.image(2));
  }

  @Test
  void aRunOfAnotherModelIsRefusedNamingTheModel() throws Exception {
    Files.writeString(dir.resolve("summary.json"), "{\"outputs\": []}");
    Files.writeString(dir.resolve("run.json"), "{\"config\": {\"model\": {\"name\": \"shapes\"}}}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Evaluation.readRun(dir))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("a run of model 'shapes', not of fashion-mnist");
  }

  @Test
  void fidGrowsAsNoiseIsAddedToRealImages() throws Exception {
    FashionMnist.Data test = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST).head(500);
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      Classifier evaluator = Classifier.open(Net.EVALUATOR, m, null);
      Classifier.Outputs base = evaluator.run(test.x(), test.size(), m);
      Metrics.Stats ref = Metrics.Stats.of(base.features(), test.size(), base.featureDim());
      assertThat(Metrics.fid(ref, ref)).isLessThan(1e-6);
      java.util.SplittableRandom r = new java.util.SplittableRandom(1);
      double previous = 0;
      for (double s : new double[] {0.1, 0.3, 0.6}) {
        float[] noisy = test.x().clone();
        for (int i = 0; i < noisy.length; i++) {
          noisy[i] = Math.max(-1f, Math.min(1f, noisy[i] + (float) (s * r.nextGaussian())));
        }
        Classifier.Outputs o = evaluator.run(noisy, test.size(), m);
        double fid = Metrics.fid(ref, Metrics.Stats.of(o.features(), test.size(), o.featureDim()));
        assertThat(fid).isGreaterThan(previous);
        previous = fid;
      }
    }
  }

  @Test
  void shippedReferenceStatisticsMatchTheShippedEvaluator() throws Exception {
    Reference.Stats s = Reference.shipped();
    assertThat(s.test().count()).isEqualTo(10_000);
    assertThat(s.train().count()).isEqualTo(60_000);
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      Classifier evaluator = Classifier.open(Net.EVALUATOR, m, null);
      assertThat(s.test().dim()).isEqualTo(evaluator.run(new float[FashionMnist.PIXELS], 1, m).featureDim());
    }
    // the test set against its own (float-rounded) statistics, and train against test: small
    assertThat(Metrics.fid(s.test(), s.test())).isLessThan(1e-3);
    assertThat(Metrics.fid(s.test(), s.train())).isLessThan(5);
  }

  @Test
  void balancedReferenceSetTakesTheSameNumberOfEachClass() throws Exception {
    FashionMnist.Data test = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST);
    Evaluation.Samples s = Evaluation.balanced(test, 100);
    int[] counts = new int[10];
    for (int c : s.classes()) {
      counts[c]++;
    }
    assertThat(counts).containsOnly(10);
    assertThat(Arrays.copyOf(s.x(), 784)).isNotEmpty();
  }
}
