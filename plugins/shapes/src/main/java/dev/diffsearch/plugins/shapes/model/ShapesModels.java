package dev.diffsearch.plugins.shapes.model;

import ai.djl.ndarray.NDManager;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.nets.ParamFile;
import dev.diffsearch.plugins.shapes.clip.DualEncoder;
import java.io.IOException;
import java.nio.file.Path;

/** Opens the shapes denoisers with their shipped or given weights. */
public final class ShapesModels {

  private ShapesModels() {}

  /** The denoiser a pipeline's {@code model} block names; unreadable weights are a config error at their key. */
  static ShapesDenoiser open(ShapesConfig config, ModelContext context) {
    Path encoder = config.encoder() == null ? null : context.baseDir().resolve(config.encoder());
    Path weights = config.weights() == null ? null : context.baseDir().resolve(config.weights());
    DualEncoder dual;
    try {
      dual = DualEncoder.open(context.manager(), encoder);
    } catch (IOException e) {
      throw new ConfigException(config.encoder() == null ? "variant" : "encoder", e.getMessage());
    }
    try {
      return open(config.net(), context.manager(), weights, dual);
    } catch (IOException e) {
      throw new ConfigException(config.weights() == null ? "variant" : "weights", e.getMessage());
    }
  }

  /** {@code variant} with its shipped weights, or {@code weights} when not null, conditioned through {@code encoder}. */
  public static ShapesDenoiser open(Variant variant, NDManager manager, Path weights, DualEncoder encoder) throws IOException {
    TextUNet net = ParamFile.load(variant.newNet(), manager, TextUNet.inputShapes(1), weights, ShapesModels.class,
        variant.resource(), "train them with 'diffsearch shapes train " + variant.netId() + "' and set model.weights");
    return new ShapesDenoiser(net, manager, encoder, variant.modelName());
  }
}
