package dev.diffsearch.plugins.fmnist.verify;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import dev.diffsearch.plugins.fmnist.net.Classifier;
import dev.diffsearch.plugins.fmnist.net.Net;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** oracle-is is the evaluator's class probability, and says it is an oracle. */
class OracleIsTest {

  @Test
  void itIsTheEvaluatorsProbabilityOfTheConditioningClassAndAnOracle() throws IOException {
    FashionMnist.Data test = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST).head(40);
    try (NDManager m = NDManager.newBaseManager()) {
      Verifier v = new OracleIsVerifier().create(new OracleIsConfig(null), new ModelContext(m, Path.of(".")));
      assertThat(v.oracle()).isTrue();
      assertThat(v.needsCondition()).isTrue();
      int b = 40;
      NDArray x = m.create(Arrays.copyOf(test.x(), b * 784), new Shape(b, 1, 28, 28));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < b; i++) {
        ids.add("c" + i);
      }
      float[] right = v.score(new VerifierInput(ids, x, Arrays.copyOf(test.labels(), b), Map.of()));
      int[] wrongLabels = new int[b];
      for (int i = 0; i < b; i++) {
        wrongLabels[i] = (test.labels()[i] + 5) % 10;
      }
      float[] wrong = v.score(new VerifierInput(ids, x, wrongLabels, Map.of()));
      // the same probabilities as the evaluator's softmax, computed here from its logits
      Classifier evaluator = Classifier.open(Net.EVALUATOR, m, null);
      float[] logits = evaluator.forward(x).get(0).toFloatArray();
      int better = 0;
      for (int i = 0; i < b; i++) {
        double sum = 0;
        for (int c = 0; c < 10; c++) {
          sum += Math.exp(logits[i * 10 + c]);
        }
        assertThat((double) right[i]).isCloseTo(Math.exp(logits[i * 10 + test.labels()[i]]) / sum,
            org.assertj.core.data.Offset.offset(1e-5));
        assertThat(right[i]).isBetween(0f, 1f);
        better += right[i] > wrong[i] ? 1 : 0;
      }
      assertThat(better).isGreaterThanOrEqualTo(36);
    }
  }
}
