package dev.diffsearch.plugins.fmnist.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The shipped denoiser weights: they load through the backend and denoise; calls do not leak arrays. */
class DenoiserModelsTest {

  @AutoClose static final NDManager manager = NDManager.newBaseManager();
  static final FashionMnist.Data test = TestImages.first1000();

  private static ModelContext context() {
    return new ModelContext(manager, Path.of("."));
  }

  @Test
  void backendOpensBothVariantsFromTheJar() {
    FashionMnistBackend backend = new FashionMnistBackend();
    assertThat(backend.name()).isEqualTo("fashion-mnist");
    try (NDManager m = manager.newSubManager()) {
      ModelContext ctx = new ModelContext(m, Path.of("."));
      for (String v : List.of("s", "l")) {
        FashionMnistConfig config = new FashionMnistConfig(v, null);
        config.validate();
        Denoiser d = backend.open(config, ctx);
        assertThat(d.sampleShape()).isEqualTo(new Shape(1, 28, 28));
        assertThat(d.numClasses()).isEqualTo(10);
        assertThat(d.passesPerEvaluation()).isEqualTo(1);
      }
      long small = ((FashionMnistDenoiser) backend.open(new FashionMnistConfig(null, null), ctx)).parameterCount();
      long large = ((FashionMnistDenoiser) backend.open(new FashionMnistConfig("l", null), ctx)).parameterCount();
      assertThat(large).isGreaterThan(3 * small);
    }
    assertThatThrownBy(() -> new FashionMnistConfig("xl", null).validate())
        .isInstanceOf(ConfigException.class).hasMessageContaining("variant").hasMessageContaining("s or l");
    assertThatThrownBy(() -> backend.open(new FashionMnistConfig("s", "no/such.params"), context()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("no/such.params");
  }

  @Test
  void macsPerPassAreCountedPerRowAndAreTheReadmesFigures() throws IOException {
    try (NDManager m = manager.newSubManager()) {
      FashionMnistDenoiser s = FashionMnistDenoiser.open(Net.DENOISER_S, m, null);
      FashionMnistDenoiser l = FashionMnistDenoiser.open(Net.DENOISER_L, m, null);
      // plugins/fashion-mnist/README.md: 27.8 M and 110.3 M MACs per sample, a ratio of 3.97
      assertThat(s.macsPerPass()).isBetween(27_750_000L, 27_850_000L);
      assertThat(l.macsPerPass()).isBetween(110_250_000L, 110_350_000L);
      // a forward pass of 3 real images counts the same per row as the zero row macsPerPass counted
      dev.diffsearch.nets.NetBlock.Macs.start();
      s.denoise(images(m, 3), m.full(new Shape(3), 0.7f), new int[] {1, 2, 3});
      assertThat(dev.diffsearch.nets.NetBlock.Macs.stop()).isEqualTo(s.macsPerPass());
    }
  }

  /** The first {@code b} test images, a (b, 1, 28, 28) array of {@code m}. */
  private static NDArray images(NDManager m, int b) {
    return m.create(Arrays.copyOf(test.x(), b * 784), new Shape(b, 1, 28, 28));
  }

  @ParameterizedTest
  @EnumSource(names = {"DENOISER_S", "DENOISER_L"})
  void denoiserAtATinySigmaReturnsItsInput(Net net) throws IOException {
    try (NDManager m = manager.newSubManager()) {
      NDArray x = images(m, 16);
      Denoiser d = FashionMnistDenoiser.open(net, m, null);
      int[] classes = Arrays.copyOf(test.labels(), 16);
      classes[0] = Denoiser.UNCONDITIONAL;
      NDArray out = d.denoise(x, m.full(new Shape(16), 1e-3f), classes);
      assertThat(out.getShape()).isEqualTo(x.getShape());
      assertThat(out.getManager()).isSameAs(x.getManager());
      float meanAbs = out.sub(x).abs().mean().getFloat();
      float maxAbs = out.sub(x).abs().max().getFloat();
      assertThat(meanAbs).as(net.id()).isLessThan(0.005f);
      assertThat(maxAbs).as(net.id()).isLessThan(0.05f);
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"DENOISER_S", "DENOISER_L"})
  void denoiserPullsANoisyImageTowardsItsCleanVersion(Net net) throws IOException {
    try (NDManager m = manager.newSubManager()) {
      Denoiser d = FashionMnistDenoiser.open(net, m, null);
      NDArray clean = images(m, 64);
      NDArray noisy = clean.add(m.randomNormal(new Shape(64, 1, 28, 28)).mul(0.5f));
      NDArray out = d.denoise(noisy, m.full(new Shape(64), 0.5f), Arrays.copyOf(test.labels(), 64));
      double before = noisy.sub(clean).square().mean().getFloat();
      double after = out.sub(clean).square().mean().getFloat();
      assertThat(after).as(net.id()).isLessThan(before / 4);
    }
  }

  @Test
  void thousandDenoiserCallsLeaveNoGrowingSetOfLiveArrays() throws IOException {
    try (NDManager model = NDManager.newBaseManager()) {
      Denoiser d = new FashionMnistBackend().open(new FashionMnistConfig("s", null), new ModelContext(model, Path.of(".")));
      int modelArrays;
      try (NDManager caller = model.newSubManager()) {
        NDArray x = caller.randomNormal(new Shape(1, 1, 28, 28));
        NDArray sigma = caller.full(new Shape(1), 2.0f);
        int[] cls = {3};
        // the first call makes the network's constant arrays (unit affine of the group norms) once
        d.denoise(x, sigma, cls).close();
        modelArrays = model.getManagedArrays().size() - caller.getManagedArrays().size(); // the count recurses
        int[] seen = new int[1000];
        for (int i = 0; i < 1000; i++) {
          NDArray out = d.denoise(x, sigma, i % 2 == 0 ? cls : new int[] {Denoiser.UNCONDITIONAL});
          out.close();
          seen[i] = caller.getManagedArrays().size();
          if (i % 100 == 99) {
            assertThat(model.getManagedArrays().size() - seen[i]).isEqualTo(modelArrays);
          }
        }
        assertThat(seen[999]).isEqualTo(seen[9]).isEqualTo(2);
        assertThat(x.isReleased()).isFalse();
      }
      assertThat(model.getManagedArrays().size()).isEqualTo(modelArrays);
    }
  }
}
