package dev.diffsearch.plugins.fmnist.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** oracle-fid scores candidates by the FID the running set would have with them, greedily. */
class OracleFidTest {

  @Test
  void candidatesScoreMinusTheFidOfTheRunningSetWithThemAndWinnersJoinTheSet() throws IOException {
    FashionMnist.Data test = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST).head(6);
    Metrics.Stats ref = Reference.shipped().test();
    try (NDManager m = NDManager.newBaseManager()) {
      OracleFidVerifier.GreedyFid v =
          (OracleFidVerifier.GreedyFid) new OracleFidVerifier().create(new NoConfig(), new ModelContext(m, Path.of(".")));
      assertThat(v.oracle()).isTrue();
      Classifier evaluator = Classifier.open(Net.EVALUATOR, m, null);
      NDArray all = m.create(test.x(), new Shape(6, 1, 28, 28));
      float[] features = evaluator.forward(all).get(1).toFloatArray();
      int d = features.length / 6;

      // output 0: empty set, so the mean term −‖f − μ_ref‖²
      float[] s0 = v.score(input(m, test.x(), 0, 2, "c00000", "c00001"));
      for (int i = 0; i < 2; i++) {
        double sq = 0;
        for (int j = 0; j < d; j++) {
          double diff = features[i * d + j] - ref.mean()[j];
          sq += diff * diff;
        }
        assertThat((double) s0[i]).isCloseTo(-sq, within(1e-3 * sq));
      }
      int winner = s0[0] >= s0[1] ? 0 : 1;

      // output 1 starts (ids restart): the winner of output 0 joins the set
      float[] s1 = v.score(input(m, test.x(), 2, 2, "c00000", "c00001"));
      assertThat(v.chosenCount()).isEqualTo(1);
      for (int i = 0; i < 2; i++) {
        float[] pair = new float[2 * d];
        System.arraycopy(features, winner * d, pair, 0, d);
        System.arraycopy(features, (2 + i) * d, pair, d, d);
        double fid = Metrics.fid(Metrics.Stats.of(pair, 2, d), ref);
        assertThat((double) s1[i]).isCloseTo(-fid, within(1e-3 * fid));
      }
      // a later batch of the same output does not grow the set
      v.score(input(m, test.x(), 4, 2, "c00002", "c00003"));
      assertThat(v.chosenCount()).isEqualTo(1);
    }
  }

  private static VerifierInput input(NDManager m, float[] x, int from, int n, String... ids) {
    NDArray batch = m.create(Arrays.copyOfRange(x, from * 784, (from + n) * 784), new Shape(n, 1, 28, 28));
    return new VerifierInput(List.of(ids), batch, new int[n], Map.of());
  }
}
