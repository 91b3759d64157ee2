package dev.diffsearch.plugins.shapes.quality;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.nets.NetBlock;
import dev.diffsearch.plugins.shapes.clip.DualEncoderNet;

/**
 * The aesthetic analog's predictor: a small MLP on the frozen dual encoder's unit image embedding (as LAION's
 * aesthetic predictor is a head on CLIP image features), {@code [B, E] → [B]}, a quality on a 0–10 scale.
 */
public final class QualityHead extends NetBlock {

  private static final int HIDDEN = 64;

  private final Dense hidden;
  private final Dense out;

  public QualityHead() {
    hidden = dense("quality.hidden", DualEncoderNet.EMBED, HIDDEN, true, 1.0);
    out = dense("quality.out", HIDDEN, 1, true, 1.0);
  }

  /** The input shapes {@link #initialize} wants: one embedding per image. */
  public static Shape[] inputShapes(int batch) {
    return new Shape[] {new Shape(batch, DualEncoderNet.EMBED)};
  }

  @Override
  protected NDList forward(Ctx ctx, NDList inputs) {
    NDArray e = inputs.get(0);
    NDArray q = out.apply(ctx, silu(hidden.apply(ctx, e)));
    return new NDList(q.reshape(e.getShape().get(0)).add(5f)); // centred on the middle of the scale
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0))};
  }
}
