package dev.diffsearch.plugins.fmnist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Debian Fashion-MNIST files through core's IDX reader. */
class FashionMnistDataTest {

  @TempDir Path dir;

  @Test
  void missingFilesSayHowToInstallTheDataset() {
    assertThatThrownBy(() -> FashionMnist.load(dir, FashionMnist.Split.TEST)).hasMessage(
        dir.resolve("t10k-images-idx3-ubyte.gz") + ": no such file (install it with: apt-get install -y dataset-fashion-mnist)");
  }

  @Test
  void readsTheDebianFiles() throws IOException {
    FashionMnist.Data test = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST);
    assertThat(test.size()).isEqualTo(10_000);
    assertThat(test.x()).hasSize(10_000 * 784);
    int[] counts = new int[10];
    for (int l : test.labels()) {
      counts[l]++;
    }
    assertThat(counts).containsOnly(1000);
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : test.x()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertThat(min).isEqualTo(-1f);
    assertThat(max).isEqualTo(1f);
  }
}
