package dev.diffsearch.plugins.fmnist.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The verifiers on the shipped verifier network: they score what they are for. */
class ShippedVerifiersTest {

  static FashionMnist.Data test;

  @BeforeAll
  static void load() throws IOException {
    test = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST).head(1000);
  }

  @Test
  void classLogitScoresTheConditioningClass() {
    try (NDManager m = NDManager.newBaseManager()) {
      ModelContext ctx = new ModelContext(m, Path.of("."));
      ClassLogitVerifier factory = new ClassLogitVerifier();
      assertThat(factory.name()).isEqualTo("class-logit");
      Verifier v = factory.create(new ClassLogitConfig(null), ctx);
      assertThat(v.needsCondition()).isTrue();
      assertThat(v.tapSigmas()).isEmpty();
      int b = 50;
      NDArray x = m.create(Arrays.copyOf(test.x(), b * 784), new Shape(b, 1, 28, 28));
      int[] right = Arrays.copyOf(test.labels(), b);
      int[] wrong = new int[b];
      for (int i = 0; i < b; i++) {
        wrong[i] = (right[i] + 5) % 10;
      }
      List<String> ids = java.util.stream.IntStream.range(0, b).mapToObj(i -> "c" + i).toList();
      float[] good = v.score(new VerifierInput(ids, x, right, Map.of()));
      float[] bad = v.score(new VerifierInput(ids, x, wrong, Map.of()));
      int better = 0;
      for (int i = 0; i < b; i++) {
        better += good[i] > bad[i] ? 1 : 0;
      }
      assertThat(better).isGreaterThanOrEqualTo(45);
    }
  }

  @Test
  void selfSupervisedComparesTheTapWithTheSample() {
    try (NDManager m = NDManager.newBaseManager()) {
      ModelContext ctx = new ModelContext(m, Path.of("."));
      SelfSupervisedVerifier factory = new SelfSupervisedVerifier();
      assertThat(factory.name()).isEqualTo("self-supervised");
      Verifier v = factory.create(new SelfSupervisedConfig(null, null), ctx);
      assertThat(v.needsCondition()).isFalse();
      assertThat(v.tapSigmas()).containsExactly(0.4);
      int b = 8;
      NDArray x = m.create(Arrays.copyOf(test.x(), b * 784), new Shape(b, 1, 28, 28));
      NDArray other = m.create(Arrays.copyOfRange(test.x(), 100 * 784, (100 + b) * 784), new Shape(b, 1, 28, 28));
      List<String> ids = java.util.stream.IntStream.range(0, b).mapToObj(i -> "c" + i).toList();
      int[] none = new int[b];
      Arrays.fill(none, Denoiser.UNCONDITIONAL);
      float[] same = v.score(new VerifierInput(ids, x, none, Map.of(0.4, x)));
      float[] diff = v.score(new VerifierInput(ids, x, none, Map.of(0.4, other)));
      for (int i = 0; i < b; i++) {
        assertThat(same[i]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(diff[i]).isLessThan(same[i]);
      }
      assertThatThrownBy(() -> v.score(new VerifierInput(ids, x, none, Map.of())))
          .hasMessageContaining("sigma=0.4");
      Verifier at1 = factory.create(new SelfSupervisedConfig(1.0, null), ctx);
      assertThat(at1.tapSigmas()).containsExactly(1.0);
    }
    assertThatThrownBy(() -> new SelfSupervisedConfig(-1.0, null).validate()).hasMessageContaining("sigma");
  }
}
