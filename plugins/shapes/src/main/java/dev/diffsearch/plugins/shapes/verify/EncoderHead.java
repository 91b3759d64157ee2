package dev.diffsearch.plugins.shapes.verify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.nets.ParamFile;
import dev.diffsearch.plugins.shapes.clip.DualEncoder;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A verifier's network that reads the dual encoder's embeddings, loaded with the encoder it was trained on:
 * the heads of {@code aesthetic} and {@code preference}.
 *
 * @param store the parameter store inference runs the head with
 */
record EncoderHead(DualEncoder encoder, Block head, ParameterStore store) {

  /**
   * {@code score} applied to a copy of the batch's samples in a scope below their manager (every temporary
   * freed with it): how the shapes verifiers read candidates.
   */
  static float[] scoped(VerifierInput input, java.util.function.BiFunction<NDManager, NDArray, float[]> score) {
    NDArray samples = input.samples();
    try (NDManager m = samples.getManager().newSubManager()) {
      NDArray x = samples.duplicate();
      x.attach(m);
      return score.apply(m, x);
    }
  }

  /**
   * The encoder and {@code head} with the weights {@code config} names, or the shipped ones ({@code resource},
   * made by {@code diffsearch shapes train NET}); a file that cannot be read is a config error at its key.
   */
  static EncoderHead load(AestheticConfig config, ModelContext context, Block head, Shape[] inputShapes,
      String resource, String net) {
    NDManager manager = context.manager();
    Path encoder = config.encoder() == null ? null : context.baseDir().resolve(config.encoder());
    Path weights = config.weights() == null ? null : context.baseDir().resolve(config.weights());
    DualEncoder dual;
    try {
      dual = DualEncoder.open(manager, encoder);
    } catch (IOException e) {
      throw new ConfigException(config.encoder() == null ? "name" : "encoder", e.getMessage());
    }
    try {
      ParamFile.load(head, manager, inputShapes, weights, EncoderHead.class, resource,
          "train them with: diffsearch shapes train " + net);
    } catch (IOException e) {
      throw new ConfigException(config.weights() == null ? "name" : "weights", e.getMessage());
    }
    return new EncoderHead(dual, head, new ParameterStore(manager, false));
  }
}
