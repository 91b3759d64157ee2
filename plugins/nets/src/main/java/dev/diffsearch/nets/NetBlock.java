package dev.diffsearch.nets;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A network written as one DJL block whose parameters are declared with their shapes up front and used
 * functionally in {@link #forward(Ctx, NDList)}. Every operation takes the activation as its receiver or
 * first argument, so results land in the manager of the input batch, never in the model's: a caller that
 * scopes its inputs in a sub-manager frees every temporary of a forward pass when it closes it.
 */
public abstract class NetBlock extends AbstractBlock {

  private static final float SQRT_HALF = (float) Math.sqrt(0.5);

  protected NetBlock() {
    super((byte) 1);
  }

  /** The forward pass's parameter access. */
  protected record Ctx(ParameterStore store, Device device, boolean training) {
    public NDArray get(Parameter p) {
      return store.getValue(p, device, training);
    }
  }

  protected abstract NDList forward(Ctx ctx, NDList inputs);

  @Override
  protected final NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return forward(new Ctx(store, inputs.head().getDevice(), training), inputs);
  }

  /** Normal(0, std) initialisation. */
  protected static Initializer normal(double std) {
    return (m, shape, type) -> m.randomNormal(0f, (float) std, shape, type);
  }

  protected Parameter param(String name, Parameter.Type type, Shape shape, Initializer init) {
    return addParameter(
        Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(init).build());
  }

  /** A k×k convolution, "same" padding (stride 1). {@code zero}: weights start at 0 (residual outputs). */
  protected Conv conv(String name, int in, int out, int k, boolean zero) {
    double std = Math.sqrt(1.0 / (in * k * k));
    Parameter w = param(name + ".w", Parameter.Type.WEIGHT, new Shape(out, in, k, k), zero ? Initializer.ZEROS : normal(std));
    Parameter b = param(name + ".b", Parameter.Type.BIAS, new Shape(out), Initializer.ZEROS);
    return new Conv(w, b, k / 2);
  }

  /** A fully connected layer; {@code bias} false for an embedding table fed one-hot rows. */
  protected Dense dense(String name, int in, int out, boolean bias, double gain) {
    Parameter w = param(name + ".w", Parameter.Type.WEIGHT, new Shape(out, in), normal(gain / Math.sqrt(in)));
    Parameter b = bias ? param(name + ".b", Parameter.Type.BIAS, new Shape(out), Initializer.ZEROS) : null;
    return new Dense(w, b);
  }

  /** Group normalisation with per-channel affine parameters shaped (1, C, 1, 1). */
  protected Norm norm(String name, int channels, int groups) {
    Parameter g = param(name + ".g", Parameter.Type.GAMMA, new Shape(1, channels, 1, 1), Initializer.ONES);
    Parameter b = param(name + ".b", Parameter.Type.BETA, new Shape(1, channels, 1, 1), Initializer.ZEROS);
    return new Norm(g, b, groups, new ConcurrentHashMap<>());
  }

  public static NDArray silu(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }

  public static NDArray relu(NDArray x) {
    return Activation.relu(x);
  }

  public static NDArray dropout(NDArray x, float rate, boolean training) {
    return training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
  }

  /** (x + y)/√2: a residual sum that keeps unit variance. */
  public static NDArray residual(NDArray skip, NDArray h) {
    return times(skip.add(h), SQRT_HALF);
  }

  /*
   * Scalars in anything a gradient flows through. DJL's NDArray.mul(Number) (and div, pow, minimum, maximum) makes
   * its scalar as a tensor over a Java direct buffer and closes it as soon as the op returns. Under a
   * GradientCollector autograd keeps that scalar for the backward pass (the gradient of x·c needs c), and once the
   * JVM collects the buffer the backward pass reads freed memory: garbage or NaN gradients, at random, with a finite
   * loss. The scalars below are made by libtorch (torch::full), whose memory lives as long as autograd holds it.
   */

  /** {@code x · c}, safe under autograd (see above). */
  public static NDArray times(NDArray x, double c) {
    try (NDArray s = scalar(x, c)) {
      return x.mul(s);
    }
  }

  /** {@code x / c}, safe under autograd. */
  public static NDArray over(NDArray x, double c) {
    try (NDArray s = scalar(x, c)) {
      return x.div(s);
    }
  }

  /** {@code min(x, c)} elementwise, safe under autograd. */
  public static NDArray atMost(NDArray x, double c) {
    try (NDArray s = scalar(x, c)) {
      return x.minimum(s);
    }
  }

  private static NDArray scalar(NDArray like, double c) {
    return like.getManager().full(new Shape(), (float) c, like.getDataType());
  }

  /** [B, C, 2H, 2W] → [B, 4C, H, W]: each 2×2 patch becomes 4 channels. */
  public static NDArray spaceToDepth(NDArray x) {
    Shape s = x.getShape();
    long b = s.get(0);
    long c = s.get(1);
    long h = s.get(2) / 2;
    long w = s.get(3) / 2;
    return x.reshape(b, c, h, 2, w, 2).transpose(0, 1, 3, 5, 2, 4).reshape(b, c * 4, h, w);
  }

  /** Inverse of {@link #spaceToDepth}. */
  public static NDArray depthToSpace(NDArray x) {
    Shape s = x.getShape();
    long b = s.get(0);
    long c = s.get(1) / 4;
    long h = s.get(2);
    long w = s.get(3);
    return x.reshape(b, c, 2, 2, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(b, c, h * 2, w * 2);
  }

  /** Nearest-neighbour 2× upsampling. */
  public static NDArray upsample(NDArray x) {
    return x.repeat(2, 2).repeat(3, 2);
  }

  public static NDArray avgPool(NDArray x) {
    return ai.djl.nn.pooling.Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
  }

  public static NDArray maxPool(NDArray x) {
    return ai.djl.nn.pooling.Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
  }

  /** Multiply-accumulates per sample of the convolutions and dense layers, while counting is on. */
  public static final class Macs {
    private static final ThreadLocal<long[]> COUNT = new ThreadLocal<>();

    private Macs() {}

    public static void start() {
      COUNT.set(new long[1]);
    }

    public static long stop() {
      long[] c = COUNT.get();
      COUNT.remove();
      return c == null ? 0 : c[0];
    }

    public static void add(long macs) {
      long[] c = COUNT.get();
      if (c != null) {
        c[0] += macs;
      }
    }
  }

  protected record Conv(Parameter w, Parameter b, int pad) {
    public NDArray apply(Ctx ctx, NDArray x) {
      NDArray out = Conv2d.conv2d(x, ctx.get(w), ctx.get(b), new Shape(1, 1), new Shape(pad, pad)).singletonOrThrow();
      Shape s = out.getShape();
      Macs.add(w.getArray().getShape().size() * s.get(2) * s.get(3));
      return out;
    }
  }

  protected record Dense(Parameter w, Parameter b) {
    /** {@code x} {@code [..., in]}: a vector per sample, or a sequence of them ({@code [B, N, in]}). */
    public NDArray apply(Ctx ctx, NDArray x) {
      Shape s = x.getShape();
      long rowsPerSample = s.dimension() <= 2 ? 1 : s.size() / (s.get(0) * s.get(s.dimension() - 1));
      Macs.add(w.getArray().getShape().size() * rowsPerSample);
      return b == null
          ? Linear.linear(x, ctx.get(w)).singletonOrThrow()
          : Linear.linear(x, ctx.get(w), ctx.get(b)).singletonOrThrow();
    }
  }

  /**
   * Group normalisation: PyTorch's layer norm over each group's values ([B, G, C/G·H·W] view, unit
   * affine), then the per-channel affine. The unit-affine arrays are made once per size, in the
   * manager of the parameters.
   */
  protected record Norm(Parameter g, Parameter b, int groups, Map<Long, NDArray[]> units) {
    public NDArray apply(Ctx ctx, NDArray x) {
      Shape s = x.getShape();
      long n = s.size() / (s.get(0) * groups);
      NDArray gamma = ctx.get(g);
      NDArray[] unit = units.computeIfAbsent(n, k -> new NDArray[] {
          gamma.getManager().ones(new Shape(k)), gamma.getManager().zeros(new Shape(k))});
      NDArray normed = LayerNorm.layerNorm(x.reshape(s.get(0), groups, n), new Shape(n), unit[0], unit[1], 1e-5f)
          .singletonOrThrow().reshape(s);
      return normed.mul(gamma).add(ctx.get(b));
    }
  }

  /** Layer normalisation over the last axis (a sequence's features), with a learned scale and shift. */
  protected TokenNorm tokenNorm(String name, int dim) {
    Parameter g = param(name + ".g", Parameter.Type.GAMMA, new Shape(dim), Initializer.ONES);
    Parameter b = param(name + ".b", Parameter.Type.BETA, new Shape(dim), Initializer.ZEROS);
    return new TokenNorm(g, b, dim);
  }

  protected record TokenNorm(Parameter g, Parameter b, int dim) {
    public NDArray apply(Ctx ctx, NDArray x) {
      return LayerNorm.layerNorm(x, new Shape(dim), ctx.get(g), ctx.get(b), 1e-5f).singletonOrThrow();
    }
  }

  /**
   * Multi-head attention of queries {@code [B, N, dim]} over a context {@code [B, M, contextDim]}: self-attention
   * when the context is the queries' own sequence, cross-attention (an image's positions attending to a
   * prompt's tokens) otherwise. {@code zeroOut}: the output projection starts at 0 (a residual branch).
   */
  protected Attention attention(String name, int dim, int contextDim, int heads, boolean zeroOut) {
    if (dim % heads != 0) {
      throw new IllegalArgumentException(name + ": " + dim + " features do not split into " + heads + " heads");
    }
    Dense q = dense(name + ".q", dim, dim, false, 1.0);
    Dense k = dense(name + ".k", contextDim, dim, false, 1.0);
    Dense v = dense(name + ".v", contextDim, dim, false, 1.0);
    Parameter ow = param(name + ".o.w", Parameter.Type.WEIGHT, new Shape(dim, dim),
        zeroOut ? Initializer.ZEROS : normal(1.0 / Math.sqrt(dim)));
    Parameter ob = param(name + ".o.b", Parameter.Type.BIAS, new Shape(dim), Initializer.ZEROS);
    return new Attention(q, k, v, new Dense(ow, ob), heads);
  }

  protected record Attention(Dense q, Dense k, Dense v, Dense o, int heads) {
    /**
     * @param x queries {@code [B, N, dim]}
     * @param context keys and values {@code [B, M, contextDim]}
     * @param keep which context positions may be attended to, {@code [B, M]} of 1 and 0 (padding), or null
     * @return {@code [B, N, dim]}
     */
    public NDArray apply(Ctx ctx, NDArray x, NDArray context, NDArray keep) {
      Shape xs = x.getShape();
      long b = xs.get(0);
      long n = xs.get(1);
      long dim = xs.get(2);
      long m = context.getShape().get(1);
      long dh = dim / heads;
      NDArray qh = q.apply(ctx, x).reshape(b, n, heads, dh).transpose(0, 2, 1, 3);
      NDArray kh = k.apply(ctx, context).reshape(b, m, heads, dh).transpose(0, 2, 3, 1);
      NDArray vh = v.apply(ctx, context).reshape(b, m, heads, dh).transpose(0, 2, 1, 3);
      NDArray scores = times(qh.matMul(kh), 1.0 / Math.sqrt(dh)); // [B, H, N, M]
      if (keep != null) {
        scores = scores.add(times(keep.sub(1f), 1e9).reshape(b, 1, 1, m));
      }
      NDArray mixed = scores.softmax(-1).matMul(vh).transpose(0, 2, 1, 3).reshape(b, n, dim);
      Macs.add(2 * n * m * dim);
      return o.apply(ctx, mixed);
    }
  }

  /** Pre-activation residual block with an additive embedding (σ and class) projection. */
  protected final class ResBlock {
    private final Norm n1;
    private final Conv c1;
    private final Dense emb;
    private final Norm n2;
    private final Conv c2;
    private final Conv skip;

    public ResBlock(String name, int in, int out, int embDim, int groups) {
      n1 = norm(name + ".n1", in, groups);
      c1 = conv(name + ".c1", in, out, 3, false);
      emb = embDim > 0 ? dense(name + ".emb", embDim, out, true, 1.0) : null;
      n2 = norm(name + ".n2", out, groups);
      c2 = conv(name + ".c2", out, out, 3, true);
      skip = in == out ? null : conv(name + ".skip", in, out, 1, false);
    }

    public NDArray apply(Ctx ctx, NDArray x, NDArray e) {
      NDArray h = c1.apply(ctx, silu(n1.apply(ctx, x)));
      if (emb != null) {
        NDArray p = emb.apply(ctx, e);
        h = h.add(p.reshape(p.getShape().get(0), p.getShape().get(1), 1, 1));
      }
      h = c2.apply(ctx, silu(n2.apply(ctx, h)));
      return residual(skip == null ? x : skip.apply(ctx, x), h);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  /** Number of scalar parameters. */
  public long parameterCount() {
    long n = 0;
    for (var p : getParameters().values()) {
      n += p.getArray().getShape().size();
    }
    return n;
  }
}
