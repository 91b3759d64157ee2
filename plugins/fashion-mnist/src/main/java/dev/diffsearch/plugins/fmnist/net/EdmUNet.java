package dev.diffsearch.plugins.fmnist.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.nets.Edm;
import dev.diffsearch.nets.NetBlock;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;

/**
 * The class-conditional EDM denoiser network F, with the preconditioning of Karras et al. (2022) around
 * it: {@code D(x; σ, c) = c_skip(σ)·x + c_out(σ)·F(c_in(σ)·x; c_noise(σ), c)} with σ_data = 0.5,
 * c_skip = σd²/(σ²+σd²), c_out = σ·σd/√(σ²+σd²), c_in = 1/√(σ²+σd²), c_noise = ln(σ)/4.
 *
 * <p>F is a small U-Net on a 2×2 space-to-depth view of the image (28×28×1 → 14×14×4, so the work
 * happens at 14×14 and 7×7): one residual block per level, two in the middle, skip connections by
 * concatenation, group norm and SiLU. Each residual block adds a projection of the embedding
 * {@code SiLU(MLP(fourier(c_noise)) + E[class])}; the class table has an extra "null" row
 * ({@link #NULL_CLASS}) trained by label dropout, so {@code class = -1} gives the unconditional model.
 *
 * <p>Inputs of {@link #forward}: noisy x {@code [B,1,28,28]}, σ {@code [B]}, class one-hot
 * {@code [B, 11]}. Output: F, {@code [B,1,28,28]}.
 */
public final class EdmUNet extends NetBlock {

  public static final double SIGMA_DATA = Edm.SIGMA_DATA;
  static final int NULL_CLASS = FashionMnist.CLASSES;
  static final int EMBED_ROWS = FashionMnist.CLASSES + 1;
  private static final int FOURIER = 32;
  private static final int GROUPS = 8;

  private final int width;
  private final Dense sigma1;
  private final Dense sigma2;
  private final Dense classTable;
  private final Conv in;
  private final ResBlock down1;
  private final ResBlock down2;
  private final ResBlock mid1;
  private final ResBlock mid2;
  private final ResBlock up2;
  private final ResBlock up1;
  private final Norm outNorm;
  private final Conv out;

  /** @param width channels at 14×14; 2·width at 7×7 (compute grows with width²) */
  EdmUNet(int width) {
    this.width = width;
    int c = width;
    int emb = 4 * c;
    sigma1 = dense("sigma.fc1", FOURIER, emb, true, 1.0);
    sigma2 = dense("sigma.fc2", emb, emb, true, 1.0);
    classTable = dense("class.table", EMBED_ROWS, emb, false, Math.sqrt(EMBED_ROWS));
    in = conv("in", 4, c, 3, false);
    down1 = new ResBlock("down1", c, c, emb, GROUPS);
    down2 = new ResBlock("down2", c, 2 * c, emb, GROUPS);
    mid1 = new ResBlock("mid1", 2 * c, 2 * c, emb, GROUPS);
    mid2 = new ResBlock("mid2", 2 * c, 2 * c, emb, GROUPS);
    up2 = new ResBlock("up2", 4 * c, 2 * c, emb, GROUPS);
    up1 = new ResBlock("up1", 3 * c, c, emb, GROUPS);
    outNorm = norm("out.norm", c, GROUPS);
    out = conv("out", c, 4, 3, true);
  }

  int width() {
    return width;
  }

  /** The input shapes {@link #initialize} wants (the parameter shapes do not depend on them). */
  static Shape[] inputShapes(int batch) {
    return new Shape[] {new Shape(batch, 1, 28, 28), new Shape(batch), new Shape(batch, EMBED_ROWS)};
  }

  @Override
  protected NDList forward(Ctx ctx, NDList inputs) {
    NDArray x = inputs.get(0);
    NDArray sigma = inputs.get(1);
    NDArray onehot = inputs.get(2);
    NDArray cIn = Edm.cIn(sigma);
    NDArray e = embed(ctx, sigma, onehot);

    NDArray h = in.apply(ctx, spaceToDepth(x.mul(cIn)));
    NDArray s1 = down1.apply(ctx, h, e);
    NDArray s2 = down2.apply(ctx, avgPool(s1), e);
    NDArray m = mid2.apply(ctx, mid1.apply(ctx, s2, e), e);
    NDArray u = up2.apply(ctx, m.concat(s2, 1), e);
    u = up1.apply(ctx, upsample(u).concat(s1, 1), e);
    NDArray f = out.apply(ctx, silu(outNorm.apply(ctx, u)));
    return new NDList(depthToSpace(f));
  }

  private NDArray embed(Ctx ctx, NDArray sigma, NDArray onehot) {
    NDArray feats = Edm.noiseFeatures(sigma, FOURIER);
    NDArray t = sigma2.apply(ctx, silu(sigma1.apply(ctx, feats)));
    return silu(t.add(classTable.apply(ctx, onehot)));
  }

  /** One-hot rows for classes (−1 = the null class), in {@code manager}. */
  public static NDArray oneHot(NDManager manager, int[] classes) {
    float[] hot = new float[classes.length * EMBED_ROWS];
    for (int i = 0; i < classes.length; i++) {
      int c = classes[i];
      if (c < -1 || c >= FashionMnist.CLASSES) {
        throw new IllegalArgumentException("class " + c + " is out of range (0..9, or -1 for unconditional)");
      }
      hot[i * EMBED_ROWS + (c < 0 ? NULL_CLASS : c)] = 1f;
    }
    return manager.create(hot, new Shape(classes.length, EMBED_ROWS));
  }

  static DataType dataType() {
    return DataType.FLOAT32;
  }
}
