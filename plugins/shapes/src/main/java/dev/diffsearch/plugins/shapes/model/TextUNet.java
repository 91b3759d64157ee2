package dev.diffsearch.plugins.shapes.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.nets.Edm;
import dev.diffsearch.nets.NetBlock;
import dev.diffsearch.plugins.shapes.clip.DualEncoderNet;
import dev.diffsearch.plugins.shapes.clip.Tokens;
import dev.diffsearch.plugins.shapes.world.Canvas;

/**
 * The text-conditional EDM denoiser network F of the shapes world (preconditioning in {@link Edm}): a small
 * U-Net on a 2×2 space-to-depth view of the 32×32 RGB image (the work happens at 16×16 and 8×8), one
 * residual block per level and two in the middle, each adding a projection of
 * {@code SiLU(MLP(fourier(c_noise)) + W·pooled prompt embedding)}; at 8×8 the image attends to the prompt's
 * token features (cross-attention, as text-to-image models do). An empty prompt is the unconditional model,
 * trained by prompt dropout, for classifier-free guidance.
 *
 * <p>Inputs of {@link #forward}: noisy x {@code [B,3,32,32]}, σ {@code [B]}, token features
 * {@code [B, L, D]}, their mask {@code [B, L]}, the pooled prompt embedding {@code [B, E]}. Output: F.
 */
public final class TextUNet extends NetBlock {

  private static final int FOURIER = 32;
  private static final int GROUPS = 8;
  private static final int HEADS = 4;
  private static final int CHANNELS = 4 * Canvas.CHANNELS;

  private final Dense sigma1;
  private final Dense sigma2;
  private final Dense prompt;
  private final Conv in;
  private final ResBlock down1;
  private final ResBlock down2;
  private final Norm downNorm;
  private final Attention downAttn;
  private final ResBlock mid1;
  private final Norm midNorm;
  private final Attention midAttn;
  private final ResBlock mid2;
  private final ResBlock up2;
  private final Norm upNorm;
  private final Attention upAttn;
  private final ResBlock up1;
  private final Norm outNorm;
  private final Conv out;

  /** @param width channels at 16×16; 2·width at 8×8 (compute grows with width²) */
  TextUNet(int width) {
    int c = width;
    int emb = 4 * c;
    sigma1 = dense("sigma.fc1", FOURIER, emb, true, 1.0);
    sigma2 = dense("sigma.fc2", emb, emb, true, 1.0);
    prompt = dense("prompt", DualEncoderNet.EMBED, emb, true, 1.0);
    in = conv("in", CHANNELS, c, 3, false);
    down1 = new ResBlock("down1", c, c, emb, GROUPS);
    down2 = new ResBlock("down2", c, 2 * c, emb, GROUPS);
    downNorm = norm("down.attn.norm", 2 * c, GROUPS);
    downAttn = attention("down.attn", 2 * c, DualEncoderNet.WIDTH, HEADS, true);
    mid1 = new ResBlock("mid1", 2 * c, 2 * c, emb, GROUPS);
    midNorm = norm("mid.attn.norm", 2 * c, GROUPS);
    midAttn = attention("mid.attn", 2 * c, DualEncoderNet.WIDTH, HEADS, true);
    mid2 = new ResBlock("mid2", 2 * c, 2 * c, emb, GROUPS);
    up2 = new ResBlock("up2", 4 * c, 2 * c, emb, GROUPS);
    upNorm = norm("up.attn.norm", 2 * c, GROUPS);
    upAttn = attention("up.attn", 2 * c, DualEncoderNet.WIDTH, HEADS, true);
    up1 = new ResBlock("up1", 3 * c, c, emb, GROUPS);
    outNorm = norm("out.norm", c, GROUPS);
    out = conv("out", c, CHANNELS, 3, true);
  }

  /** The input shapes {@link #initialize} wants. */
  static Shape[] inputShapes(int batch) {
    return new Shape[] {
        new Shape(batch, Canvas.CHANNELS, Canvas.SIZE, Canvas.SIZE), new Shape(batch),
        new Shape(batch, Tokens.LENGTH, DualEncoderNet.WIDTH), new Shape(batch, Tokens.LENGTH),
        new Shape(batch, DualEncoderNet.EMBED)};
  }

  @Override
  protected NDList forward(Ctx ctx, NDList inputs) {
    NDArray x = inputs.get(0);
    NDArray sigma = inputs.get(1);
    NDArray tokens = inputs.get(2);
    NDArray keep = inputs.get(3);
    NDArray e = silu(sigma2.apply(ctx, silu(sigma1.apply(ctx, Edm.noiseFeatures(sigma, FOURIER))))
        .add(prompt.apply(ctx, inputs.get(4))));

    NDArray h = in.apply(ctx, spaceToDepth(x.mul(Edm.cIn(sigma))));
    NDArray s1 = down1.apply(ctx, h, e);
    NDArray s2 = attend(ctx, downNorm, downAttn, down2.apply(ctx, avgPool(s1), e), tokens, keep);
    NDArray m = attend(ctx, midNorm, midAttn, mid1.apply(ctx, s2, e), tokens, keep);
    m = mid2.apply(ctx, m, e);
    NDArray u = attend(ctx, upNorm, upAttn, up2.apply(ctx, m.concat(s2, 1), e), tokens, keep);
    u = up1.apply(ctx, upsample(u).concat(s1, 1), e);
    return new NDList(depthToSpace(out.apply(ctx, silu(outNorm.apply(ctx, u)))));
  }

  /** h + attention of h's positions (normalised) over the prompt's tokens. */
  private static NDArray attend(Ctx ctx, Norm norm, Attention attention, NDArray h, NDArray tokens, NDArray keep) {
    Shape s = h.getShape();
    long b = s.get(0);
    long c = s.get(1);
    long hw = s.get(2) * s.get(3);
    NDArray q = norm.apply(ctx, h).reshape(b, c, hw).transpose(0, 2, 1);
    NDArray a = attention.apply(ctx, q, tokens, keep).transpose(0, 2, 1).reshape(s);
    return h.add(a);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
