package dev.diffsearch.plugins.shapes.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.diffsearch.nets.NetBlock;
import dev.diffsearch.plugins.shapes.world.Canvas;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLIP-like dual encoder of the shapes world: a text encoder (token and position embeddings, a width-3
 * convolution over the words, pre-norm transformer layers) and an image encoder (a small residual CNN on a 2×2 space-to-depth view of the 32×32
 * render), each ending in a projection to the shared {@link #EMBED}-d space, trained contrastively.
 *
 * <p>{@link #forward} takes {@code (image)}, {@code (tokens one-hot, mask)} or {@code (image, tokens, mask)}
 * and returns, in that order, the image embedding {@code [B, E]}, the text embedding {@code [B, E]} and the
 * text's token features {@code [B, L, D]} (what a text-conditional denoiser attends to), and with both
 * inputs the log inverse temperature of the contrastive loss. Embeddings are not normalised here.
 */
public final class DualEncoderNet extends NetBlock {

  /** Width of the token features. */
  public static final int WIDTH = 64;
  /** Width of the shared embedding space. */
  public static final int EMBED = 64;
  private static final int HEADS = 4;
  private static final int LAYERS = 2;
  private static final int GROUPS = 8;

  private final Dense tokenTable;
  private final Parameter positions;
  private final Dense neighbours;
  private final List<TokenNorm> attnNorms = new ArrayList<>();
  private final List<Attention> attns = new ArrayList<>();
  private final List<TokenNorm> mlpNorms = new ArrayList<>();
  private final List<Dense> mlpIn = new ArrayList<>();
  private final List<Dense> mlpOut = new ArrayList<>();
  private final TokenNorm textNorm;
  private final Dense textProj;
  private final Parameter logitScale;

  private final Conv imageIn;
  private final ResBlock image1;
  private final ResBlock image2;
  private final ResBlock image3;
  private final Norm imageNorm;
  private final Dense imageProj;

  public DualEncoderNet() {
    tokenTable = dense("text.tokens", Tokens.SIZE, WIDTH, false, Math.sqrt(Tokens.SIZE) * 0.5);
    positions = param("text.positions", Parameter.Type.WEIGHT, new Shape(1, Tokens.LENGTH, WIDTH), normal(0.1));
    neighbours = dense("text.neighbours", 3 * WIDTH, WIDTH, true, 1.0);
    for (int l = 0; l < LAYERS; l++) {
      attnNorms.add(tokenNorm("text.l" + l + ".n1", WIDTH));
      attns.add(attention("text.l" + l + ".attn", WIDTH, WIDTH, HEADS, false));
      mlpNorms.add(tokenNorm("text.l" + l + ".n2", WIDTH));
      mlpIn.add(dense("text.l" + l + ".mlp1", WIDTH, 4 * WIDTH, true, 1.0));
      mlpOut.add(dense("text.l" + l + ".mlp2", 4 * WIDTH, WIDTH, true, 1.0));
    }
    textNorm = tokenNorm("text.norm", WIDTH);
    textProj = dense("text.proj", WIDTH, EMBED, false, 1.0);
    logitScale = param("logit-scale", Parameter.Type.WEIGHT, new Shape(1),
        (m, shape, type) -> m.full(shape, (float) Math.log(1 / 0.07), type));

    imageIn = conv("image.in", 4 * Canvas.CHANNELS, 32, 3, false);
    image1 = new ResBlock("image.r1", 32, 32, 0, GROUPS);
    image2 = new ResBlock("image.r2", 32, 64, 0, GROUPS);
    image3 = new ResBlock("image.r3", 64, 128, 0, GROUPS);
    imageNorm = norm("image.norm", 128, GROUPS);
    imageProj = dense("image.proj", 128, EMBED, false, 1.0);
  }

  /** The input shapes of a batch: image, token one-hots, token mask. */
  public static Shape[] inputShapes(int batch) {
    return new Shape[] {
        new Shape(batch, Canvas.CHANNELS, Canvas.SIZE, Canvas.SIZE),
        new Shape(batch, Tokens.LENGTH, Tokens.SIZE),
        new Shape(batch, Tokens.LENGTH)};
  }

  @Override
  protected NDList forward(Ctx ctx, NDList inputs) {
    NDList out = new NDList();
    int next = 0;
    if (inputs.get(0).getShape().dimension() == 4) {
      out.add(image(ctx, inputs.get(0)));
      next = 1;
    }
    if (inputs.size() > next) {
      NDArray[] text = text(ctx, inputs.get(next), inputs.get(next + 1));
      out.add(text[0]);
      out.add(text[1]);
    }
    if (next == 1 && out.size() == 3) {
      out.add(ctx.get(logitScale)); // image and text together: training, which learns the temperature
    }
    return out;
  }

  /** (embedding [B, E], token features [B, L, D]) of one-hot tokens and their mask. */
  private NDArray[] text(Ctx ctx, NDArray onehot, NDArray keep) {
    NDArray h = tokenTable.apply(ctx, onehot).add(ctx.get(positions));
    h = h.add(silu(neighbours.apply(ctx, withNeighbours(h))));
    for (int l = 0; l < LAYERS; l++) {
      NDArray n = attnNorms.get(l).apply(ctx, h);
      h = h.add(attns.get(l).apply(ctx, n, n, keep));
      NDArray f = mlpOut.get(l).apply(ctx, silu(mlpIn.get(l).apply(ctx, mlpNorms.get(l).apply(ctx, h))));
      h = h.add(f);
    }
    NDArray tokens = textNorm.apply(ctx, h);
    long b = keep.getShape().get(0);
    NDArray weights = keep.reshape(b, Tokens.LENGTH, 1);
    NDArray pooled = tokens.mul(weights).sum(new int[] {1}).div(weights.sum(new int[] {1}));
    return new NDArray[] {textProj.apply(ctx, pooled), tokens};
  }

  /**
   * Each token's features beside those of the token before and after it, [B, L, 3D]: a width-3 convolution
   * over the sequence, so that a word sees its neighbours before any attention ("red" next to "circle": the
   * binding of an attribute to its object that a bag of words cannot express).
   */
  private static NDArray withNeighbours(NDArray h) {
    Shape s = h.getShape();
    NDArray zero = h.getManager().zeros(new Shape(s.get(0), 1, s.get(2)), h.getDataType());
    NDArray before = zero.concat(h.get(":, :-1, :"), 1);
    NDArray after = h.get(":, 1:, :").concat(zero, 1);
    return before.concat(h, 2).concat(after, 2);
  }

  /** The embedding [B, E] of renders [B, 3, 32, 32] in [−1, 1]. */
  private NDArray image(Ctx ctx, NDArray x) {
    NDArray h = imageIn.apply(ctx, spaceToDepth(x));
    h = image1.apply(ctx, h, null);
    h = image2.apply(ctx, avgPool(h), null);
    h = image3.apply(ctx, avgPool(h), null);
    h = silu(imageNorm.apply(ctx, h));
    h = h.reshape(h.getShape().get(0), h.getShape().get(1), -1).mean(new int[] {2}); // global average
    return imageProj.apply(ctx, h);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), EMBED)};
  }
}
