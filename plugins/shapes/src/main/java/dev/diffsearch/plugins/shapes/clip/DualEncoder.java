package dev.diffsearch.plugins.shapes.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.diffsearch.nets.ParamFile;
import dev.diffsearch.plugins.shapes.world.Canvas;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A loaded dual encoder for inference: unit-length embeddings of renders and prompts in one space (their
 * dot product is the cosine; CLIPScore is 100 × it) and a prompt's token features. The network's
 * parameters live in the manager it was opened in; results land in the inputs' (or the given) manager.
 */
public final class DualEncoder {

  /** The shipped weights, a resource of this plugin. */
  static final String SHIPPED = "/dev/diffsearch/plugins/shapes/weights/dual-encoder.params";

  private final Block net;
  private final ParameterStore store;

  public DualEncoder(Block net, NDManager manager) {
    this.net = net;
    this.store = new ParameterStore(manager, false);
  }

  /** The encoder with its shipped weights, or with {@code weights} when not null. */
  public static DualEncoder open(NDManager manager, Path weights) throws IOException {
    return new DualEncoder(ParamFile.load(new DualEncoderNet(), manager, DualEncoderNet.inputShapes(1), weights,
        DualEncoder.class, SHIPPED, "train them with: diffsearch shapes train dual-encoder"), manager);
  }

  /** Unit embeddings [B, E] of renders [B, 3, 32, 32] (values in [−1, 1]), in their manager. */
  public NDArray images(NDArray images) {
    long b = images.getShape().get(0);
    NDArray x = images.toType(DataType.FLOAT32, false).reshape(b, Canvas.CHANNELS, Canvas.SIZE, Canvas.SIZE);
    return unit(net.forward(store, new NDList(x), false).get(0));
  }

  /** Unit embeddings [B, E] of prompts, in {@code manager}. */
  public NDArray texts(NDManager manager, List<String> prompts) {
    return encodeTexts(manager, prompts)[0];
  }

  /**
   * Everything a text-conditional denoiser takes of prompts, from one pass of the text encoder: the unit
   * embeddings [B, E], the token features [B, L, D] and the token mask [B, L], in {@code manager}.
   */
  public NDArray[] encodeTexts(NDManager manager, List<String> prompts) {
    NDArray[] tokens = Tokens.batch(manager, prompts);
    NDList out = net.forward(store, new NDList(tokens[0], tokens[1]), false);
    return new NDArray[] {unit(out.get(0)), out.get(1), tokens[1]};
  }

  /** Rows scaled to unit length. */
  static NDArray unit(NDArray rows) {
    long b = rows.getShape().get(0);
    // √(Σx² + ε): smooth at 0, where the gradient of a plain norm is 0/0
    return rows.div(rows.square().sum(new int[] {1}).add(1e-12f).sqrt().reshape(b, 1));
  }

  /** Row i of {@code a} · row i of {@code b}: the cosines of paired unit rows, as floats. */
  public static float[] pairedCosines(NDArray a, NDArray b) {
    return a.mul(b).sum(new int[] {1}).toFloatArray();
  }

  /** The image shape the encoder takes. */
  public static Shape imageShape(int batch) {
    return new Shape(batch, Canvas.CHANNELS, Canvas.SIZE, Canvas.SIZE);
  }
}
