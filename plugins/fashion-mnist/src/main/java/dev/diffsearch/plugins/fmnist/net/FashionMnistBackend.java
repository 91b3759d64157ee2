package dev.diffsearch.plugins.fmnist.net;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ModelBackend;
import dev.diffsearch.api.spi.ModelContext;
import java.io.IOException;
import java.nio.file.Path;
import org.pf4j.Extension;

/**
 * {@code fashion-mnist}: the class-conditional EDM denoisers trained on Fashion-MNIST ({@code variant: s}
 * fmnist-s, {@code variant: l} fmnist-l), with weights shipped in the plugin jar. Label −1 uses the
 * null class (the unconditional model, for classifier-free guidance).
 */
@Extension
public final class FashionMnistBackend extends ModelBackend.Of<FashionMnistConfig> {

  public FashionMnistBackend() {
    super("fashion-mnist",
        "class-conditional EDM U-Net trained on Fashion-MNIST (variant s: fmnist-s, l: fmnist-l), DJL",
        FashionMnistConfig.class, FashionMnistBackend::denoiser);
  }

  private static Denoiser denoiser(FashionMnistConfig config, ModelContext context) {
    Path weights = config.weights() == null ? null : context.baseDir().resolve(config.weights());
    try {
      return FashionMnistDenoiser.open(config.net(), context.manager(), weights);
    } catch (IOException e) {
      throw new ConfigException(config.weights() == null ? "variant" : "weights", e.getMessage());
    }
  }
}
