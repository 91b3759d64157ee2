package dev.diffsearch.plugins.fmnist.net;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The weights shipped in the jar: they load, and the networks do what they are for. */
class ShippedModelsTest {

  @AutoClose static final NDManager manager = NDManager.newBaseManager();
  static final FashionMnist.Data test = TestImages.first1000();

  /** Every network ships, and all weights together (reference statistics included) stay within 20 MB. */
  @Test
  void allWeightsShipAndFitIn20Megabytes() throws IOException {
    long total = 0;
    List<String> files = new java.util.ArrayList<>();
    for (Net net : Net.values()) {
      files.add(net.resource());
    }
    files.add(Net.RESOURCE_DIR + "reference-stats.params");
    for (String resource : files) {
      try (java.io.InputStream in = Net.class.getResourceAsStream(resource)) {
        assertThat(in).as(resource).isNotNull();
        total += in.transferTo(java.io.OutputStream.nullOutputStream());
      }
    }
    assertThat(total).isLessThanOrEqualTo(20L * 1000 * 1000);
  }

  @Test
  void verifierNetworkGetsAtLeast85PercentOfTheFirst1000TestImages() throws IOException {
    try (NDManager m = manager.newSubManager()) {
      Classifier verifier = Classifier.open(Net.VERIFIER, m, null);
      assertThat(Classifier.accuracy(verifier, test)).isGreaterThanOrEqualTo(0.85);
    }
  }

  @Test
  void evaluatorNetworkGetsAtLeast85PercentOfTheFirst1000TestImages() throws IOException {
    try (NDManager m = manager.newSubManager()) {
      Classifier evaluator = Classifier.open(Net.EVALUATOR, m, null);
      assertThat(Classifier.accuracy(evaluator, test)).isGreaterThanOrEqualTo(0.85);
    }
  }
}
