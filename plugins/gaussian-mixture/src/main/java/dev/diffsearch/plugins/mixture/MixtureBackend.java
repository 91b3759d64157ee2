package dev.diffsearch.plugins.mixture;

import dev.diffsearch.api.spi.ModelBackend;
import dev.diffsearch.api.spi.ModelContext;
import org.pf4j.Extension;

/** {@code gaussian-mixture}: the exact denoiser of a class-conditional Gaussian mixture; needs no weights. */
@Extension
public final class MixtureBackend extends ModelBackend.Of<MixtureConfig> {

  public MixtureBackend() {
    super("gaussian-mixture",
        "exact closed-form denoiser of a class-conditional Gaussian mixture (Fashion-MNIST k-means)",
        MixtureConfig.class, (config, context) -> load(config, context).open(context.manager()));
  }

  static MixtureFiles.Parameters load(MixtureConfig config, ModelContext context) {
    return config.components() == null
        ? MixtureFiles.bundled()
        : MixtureFiles.read(context.baseDir().resolve(config.components()));
  }
}
