package dev.diffsearch.plugins.fmnist.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierFactory;
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

  /**
   * The verifier {@code factory} creates from {@code config}, once its name, whether it needs the condition and
   * the noise levels it taps are checked.
   */
  private static <C> Verifier created(VerifierFactory<C> factory, C config, NDManager m, String name,
      boolean needsCondition, double... taps) {
    assertThat(factory.name()).isEqualTo(name);
    Verifier v = factory.create(config, new ModelContext(m, Path.of(".")));
    assertThat(v.needsCondition()).isEqualTo(needsCondition);
    assertThat(v.tapSigmas()).containsExactly(taps);
    return v;
  }

  /** Test images {@code from} .. {@code from + b - 1}, a (b, 1, 28, 28) array of {@code m}. */
  private static NDArray images(NDManager m, int from, int b) {
    return m.create(Arrays.copyOfRange(test.x(), from * 784, (from + b) * 784), new Shape(b, 1, 28, 28));
  }

  @Test
  void classLogitScoresTheConditioningClass() {
    try (NDManager m = NDManager.newBaseManager()) {
      Verifier v = created(new ClassLogitVerifier(), new ClassLogitConfig(null), m, "class-logit", true);
      int b = 50;
      int[] right = Arrays.copyOf(test.labels(), b);
      NDArray x = images(m, 0, b);
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
      Verifier v = created(new SelfSupervisedVerifier(), new SelfSupervisedConfig(null, null), m, "self-supervised",
          false, 0.4);
      int b = 8;
      NDArray x = images(m, 0, b);
      NDArray other = images(m, 100, b);
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
      Verifier at1 = new SelfSupervisedVerifier()
          .create(new SelfSupervisedConfig(1.0, null), new ModelContext(m, Path.of(".")));
      assertThat(at1.tapSigmas()).containsExactly(1.0);
    }
    assertThatThrownBy(() -> new SelfSupervisedConfig(-1.0, null).validate()).hasMessageContaining("sigma");
  }
}
