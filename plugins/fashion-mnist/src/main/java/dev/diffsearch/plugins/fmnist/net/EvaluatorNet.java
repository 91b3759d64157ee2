package dev.diffsearch.plugins.fmnist.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.nets.NetBlock;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;

/**
 * The evaluator network (the Inception analog for FID, KID, IS, precision/recall and class accuracy),
 * deliberately unlike {@link VerifierNet}: 5×5 convolutions with ReLU and max pooling and no
 * normalisation, then a fully connected 128-unit ReLU layer whose activations are the evaluation
 * feature space, then dropout and the 10 class logits. Trained separately, never used by a verifier.
 *
 * <p>{@link #forward} takes {@code [B,1,28,28]} in [−1, 1] and returns (logits {@code [B,10]},
 * features {@code [B,128]}).
 */
final class EvaluatorNet extends NetBlock {

  static final int FEATURES = 128;

  private final Conv c1;
  private final Conv c2;
  private final Conv c3;
  private final Dense fc;
  private final Dense head;

  EvaluatorNet() {
    c1 = relu("c1", 1, 32, 5);
    c2 = relu("c2", 32, 64, 5);
    c3 = relu("c3", 64, 128, 3);
    fc = dense("fc", 128 * 3 * 3, FEATURES, true, Math.sqrt(2));
    head = dense("head", FEATURES, FashionMnist.CLASSES, true, 1.0);
  }

  private Conv relu(String name, int in, int out, int k) {
    Conv c = conv(name, in, out, k, false);
    // He initialisation for ReLU: rescale the default N(0, 1/fan_in) by √2
    var p = c.w();
    var init = normal(Math.sqrt(2.0 / (in * k * k)));
    p.setInitializer(init);
    return c;
  }

  static Shape[] inputShapes(int batch) {
    return new Shape[] {new Shape(batch, 1, 28, 28)};
  }

  @Override
  protected NDList forward(Ctx ctx, NDList inputs) {
    NDArray x = inputs.head();
    NDArray h = maxPool(relu(c1.apply(ctx, x))); // 14
    h = maxPool(relu(c2.apply(ctx, h))); // 7
    h = maxPool(relu(c3.apply(ctx, h))); // 3
    NDArray features = relu(fc.apply(ctx, h.reshape(h.getShape().get(0), -1)));
    NDArray logits = head.apply(ctx, dropout(features, 0.3f, ctx.training()));
    return new NDList(logits, features);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long b = inputShapes[0].get(0);
    return new Shape[] {new Shape(b, FashionMnist.CLASSES), new Shape(b, FEATURES)};
  }
}
