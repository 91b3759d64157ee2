package dev.diffsearch.plugins.fmnist.net;

import dev.diffsearch.api.spi.ModelBackend;
import org.pf4j.Extension;

/**
 * {@code fashion-mnist}: the class-conditional EDM denoisers trained on Fashion-MNIST ({@code variant: s}
 * fmnist-s, {@code variant: l} fmnist-l), with weights shipped in the plugin jar. Label −1 uses the
 * null class (the unconditional model, for classifier-free guidance).
 */
@Extension
public final class FashionMnistBackend extends ModelBackend.Of<FashionMnistConfig> {

  public FashionMnistBackend() {
    super("fashion-mnist", "class-conditional EDM U-Net trained on Fashion-MNIST (variant s: fmnist-s, l: fmnist-l), DJL",
        FashionMnistConfig.class, FashionMnistDenoiser::open);
  }
}
