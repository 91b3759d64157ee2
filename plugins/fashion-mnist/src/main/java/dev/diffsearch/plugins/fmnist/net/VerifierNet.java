package dev.diffsearch.plugins.fmnist.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import dev.diffsearch.nets.NetBlock;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;

/**
 * The verifier network (the analog of the paper's DINO features + linear head): a small CNN of
 * 3×3 convolutions with group norm and SiLU, average pooling between stages, global average pooling to
 * a 128-dimensional feature vector, then one linear layer to the 10 class logits.
 *
 * <p>{@link #forward} takes {@code [B,1,28,28]} in [−1, 1] and returns (logits {@code [B,10]},
 * features {@code [B,128]}).
 */
final class VerifierNet extends NetBlock {

  static final int FEATURES = 128;
  private static final int GROUPS = 8;

  private final Conv c1;
  private final Norm n1;
  private final Conv c2;
  private final Norm n2;
  private final Conv c3;
  private final Norm n3;
  private final Conv c4;
  private final Norm n4;
  private final Dense head;

  VerifierNet() {
    c1 = conv("c1", 1, 32, 3, false);
    n1 = norm("n1", 32, GROUPS);
    c2 = conv("c2", 32, 64, 3, false);
    n2 = norm("n2", 64, GROUPS);
    c3 = conv("c3", 64, 128, 3, false);
    n3 = norm("n3", 128, GROUPS);
    c4 = conv("c4", 128, FEATURES, 3, false);
    n4 = norm("n4", FEATURES, GROUPS);
    head = dense("head", FEATURES, FashionMnist.CLASSES, true, 1.0);
  }

  static Shape[] inputShapes(int batch) {
    return new Shape[] {new Shape(batch, 1, 28, 28)};
  }

  @Override
  protected NDList forward(Ctx ctx, NDList inputs) {
    NDArray x = inputs.head();
    NDArray h = silu(n1.apply(ctx, c1.apply(ctx, x))); // 28
    h = silu(n2.apply(ctx, c2.apply(ctx, avgPool(h)))); // 14
    h = silu(n3.apply(ctx, c3.apply(ctx, avgPool(h)))); // 7
    h = silu(n4.apply(ctx, c4.apply(ctx, h))); // 7
    NDArray features = Pool.globalAvgPool2d(h); // [B, 128]
    NDArray logits = head.apply(ctx, dropout(features, 0.2f, ctx.training()));
    return new NDList(logits, features);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long b = inputShapes[0].get(0);
    return new Shape[] {new Shape(b, FashionMnist.CLASSES), new Shape(b, FEATURES)};
  }
}
