package dev.diffsearch.plugins.mixture;

import dev.diffsearch.core.spi.Denoiser;
import dev.diffsearch.core.spi.ModelBackend;
import dev.diffsearch.core.spi.ModelContext;
import org.pf4j.Extension;

/** {@code gaussian-mixture}: the exact denoiser of a class-conditional Gaussian mixture; needs no weights. */
@Extension
public final class MixtureBackend implements ModelBackend<MixtureConfig> {

  @Override
  public String name() {
    return "gaussian-mixture";
  }

  @Override
  public String description() {
    return "exact closed-form denoiser of a class-conditional Gaussian mixture (Fashion-MNIST k-means)";
  }

  @Override
  public Class<MixtureConfig> configType() {
    return MixtureConfig.class;
  }

  @Override
  public Denoiser open(MixtureConfig config, ModelContext context) {
    return load(config, context).open(context.manager());
  }

  static MixtureFiles.Parameters load(MixtureConfig config, ModelContext context) {
    return config.components() == null
        ? MixtureFiles.bundled()
        : MixtureFiles.read(context.baseDir().resolve(config.components()));
  }
}
