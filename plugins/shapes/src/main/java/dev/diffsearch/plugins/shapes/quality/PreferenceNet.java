package dev.diffsearch.plugins.shapes.quality;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.nets.NetBlock;
import dev.diffsearch.plugins.shapes.clip.DualEncoderNet;

/**
 * The preference analog's reward model (as ImageReward scores a prompt and an image): an MLP on the frozen
 * dual encoder's image and prompt embeddings and their elementwise product, {@code ([B, E], [B, E]) → [B]}.
 */
public final class PreferenceNet extends NetBlock {

  private static final int E = DualEncoderNet.EMBED;

  private final Dense hidden1;
  private final Dense hidden2;
  private final Dense out;

  public PreferenceNet() {
    hidden1 = dense("reward.hidden1", 3 * E, 128, true, 1.0);
    hidden2 = dense("reward.hidden2", 128, 64, true, 1.0);
    out = dense("reward.out", 64, 1, true, 1.0);
  }

  /** The input shapes {@link #initialize} wants: image and prompt embeddings. */
  public static Shape[] inputShapes(int batch) {
    return new Shape[] {new Shape(batch, E), new Shape(batch, E)};
  }

  @Override
  protected NDList forward(Ctx ctx, NDList inputs) {
    NDArray image = inputs.get(0);
    NDArray prompt = inputs.get(1);
    NDArray features = image.concat(prompt, 1).concat(image.mul(prompt), 1);
    NDArray h = silu(hidden2.apply(ctx, silu(hidden1.apply(ctx, features))));
    return new NDList(out.apply(ctx, h).reshape(image.getShape().get(0)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0))};
  }
}
