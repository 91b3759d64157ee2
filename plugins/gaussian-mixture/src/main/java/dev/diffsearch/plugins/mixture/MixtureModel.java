package dev.diffsearch.plugins.mixture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.spi.Denoiser;

/**
 * A class-conditional mixture of isotropic Gaussians in image space, with its exact EDM denoiser.
 * Component k has mean μ_k, per-pixel variance s_k², weight π_k within its class c_k; classes are
 * equally likely. Under noise σ the component is N(μ_k, (s_k² + σ²)I), so
 * {@code D(x; σ, c) = Σ_k r_k(x) · (s_k²·x + σ²·μ_k)/(s_k² + σ²)} with responsibilities r_k over the
 * components of class c (all components when unconditional).
 */
public final class MixtureModel implements Denoiser {

  private static final double MASKED = -1e30;

  private final NDArray means; // [K, D] float64
  private final NDArray meanSq; // [1, K]
  private final NDArray meansT; // [D, K], made once: a transpose per call would be a new array in the model's manager
  private final double[] variances;
  private final double[] logWeights; // log π_k + log(1/numClasses)
  private final int[] componentClass;
  private final int numClasses;
  private final Shape sampleShape;
  private final int dim;

  /**
   * @param means [K, D] flattened component means
   * @param variances s_k²
   * @param weights π_k within each component's class (they sum to 1 per class)
   */
  public MixtureModel(NDManager manager, float[][] means, double[] variances, double[] weights,
      int[] componentClass, int numClasses, Shape sampleShape) {
    int k = means.length;
    this.dim = means[0].length;
    double[] flat = new double[k * dim];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < dim; j++) {
        flat[i * dim + j] = means[i][j];
      }
    }
    this.means = manager.create(flat, new Shape(k, dim));
    this.meanSq = this.means.square().sum(new int[] {1}).reshape(1, k);
    this.meansT = this.means.transpose();
    this.variances = variances.clone();
    this.logWeights = new double[k];
    for (int i = 0; i < k; i++) {
      logWeights[i] = Math.log(weights[i]) - Math.log(numClasses);
    }
    this.componentClass = componentClass.clone();
    this.numClasses = numClasses;
    this.sampleShape = sampleShape;
  }

  public int components() {
    return variances.length;
  }

  public double variance(int k) {
    return variances[k];
  }

  public double logWeight(int k) {
    return logWeights[k];
  }

  public int componentClass(int k) {
    return componentClass[k];
  }

  /** Component means as float64 [K, D]. */
  public NDArray means() {
    return means;
  }

  @Override
  public NDArray denoise(NDArray x, NDArray sigma, int[] classes) {
    NDManager m = x.getManager();
    int b = classes.length;
    int k = components();
    NDArray xf = x.reshape(b, dim).toType(DataType.FLOAT64, false);
    double[] s2 = square(sigma.toType(DataType.FLOAT64, false).toDoubleArray());
    // v_bk = s_k² + σ_b²
    double[] v = new double[b * k];
    double[] logitBias = new double[b * k];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < k; j++) {
        double var = variances[j] + s2[i];
        v[i * k + j] = var;
        boolean allowed = classes[i] == UNCONDITIONAL || classes[i] == componentClass[j];
        logitBias[i * k + j] = allowed ? logWeights[j] - 0.5 * dim * Math.log(var) : MASKED;
      }
    }
    NDArray vArr = m.create(v, new Shape(b, k));
    NDArray r = responsibilities(xf, vArr, m.create(logitBias, new Shape(b, k)));
    // D = x·Σ_k r_k s_k²/v_k + σ²·Σ_k (r_k/v_k)·μ_k
    NDArray rOverV = r.div(vArr);
    NDArray sk2 = m.create(variances, new Shape(1, k));
    NDArray a = rOverV.mul(sk2).sum(new int[] {1}, true); // [B, 1]
    NDArray mix = rOverV.matMul(means); // [B, D]
    NDArray sigma2 = m.create(s2, new Shape(b, 1));
    NDArray out = xf.mul(a).add(mix.mul(sigma2));
    return out.toType(x.getDataType(), false).reshape(x.getShape());
  }

  /**
   * log p_σ(c | x) for each row, the class posterior of the mixture seen at noise level σ (components
   * N(μ_k, (s_k² + σ²)I)): logsumexp over the components of class c minus logsumexp over all components.
   * For many calls at one σ, {@link #classPosterior} prepares the constants once.
   */
  public float[] classLogPosterior(NDArray x, int[] classes, double sigma) {
    try (NDManager scope = x.getManager().newSubManager()) {
      return classPosterior(scope, sigma).logPosterior(x, classes);
    }
  }

  /** The class log-posterior at a fixed σ, with its constants held in {@code manager}. */
  public ClassPosterior classPosterior(NDManager manager, double sigma) {
    return new ClassPosterior(manager, sigma);
  }

  /**
   * log p_σ(c | x) at one σ. With v_k = s_k² + σ² the component logits are
   * {@code log π_k − (D/2)·log v_k − ‖x − μ_k‖²/(2v_k)}, expanded as
   * {@code x·(μ_k/v_k) − ‖x‖²/(2v_k) + [log π_k − (D/2)·log v_k − ‖μ_k‖²/(2v_k)]}: one matrix product
   * against means scaled once, so a batch costs a handful of engine calls. The logits are computed in
   * float32 (half the cost of float64; absolute error about 1e-4 on logits of a few hundred) and turned
   * into log p(k | x) by the engine's log-softmax; the sum over the class's own components is in double.
   */
  public final class ClassPosterior {

    private final NDArray scaledMeansT; // [D, K] μ_k / v_k
    private final NDArray halfInverse; // [1, K] 1 / (2 v_k)
    private final NDArray constant; // [1, K]

    private ClassPosterior(NDManager manager, double sigma) {
      int k = components();
      double[] inv = new double[k];
      double[] half = new double[k];
      double[] c = new double[k];
      double[] msq = meanSq.toDoubleArray();
      for (int j = 0; j < k; j++) {
        double v = variances[j] + sigma * sigma;
        inv[j] = 1 / v;
        half[j] = 0.5 / v;
        c[j] = logWeights[j] - 0.5 * dim * Math.log(v) - msq[j] * half[j];
      }
      double[] mu = means.toDoubleArray();
      double[] scaled = new double[dim * k];
      for (int j = 0; j < k; j++) {
        for (int d = 0; d < dim; d++) {
          scaled[d * k + j] = mu[j * dim + d] * inv[j];
        }
      }
      this.scaledMeansT = manager.create(toFloats(scaled), new Shape(dim, k));
      this.halfInverse = manager.create(toFloats(half), new Shape(1, k));
      this.constant = manager.create(toFloats(c), new Shape(1, k));
    }

    /** log p_σ(c_b | x_b) for each row b of {@code x}. */
    public float[] logPosterior(NDArray x, int[] classes) {
      int b = classes.length;
      int k = components();
      NDArray xf = x.reshape(b, dim).toType(DataType.FLOAT32, false);
      NDArray xSq = xf.norm(new int[] {1}, true).square(); // [B, 1]: one pass over x
      // log-softmax over the components in the engine: log p(k | x); the class sums its own components
      float[] logResp = xf.matMul(scaledMeansT).sub(xSq.mul(halfInverse)).add(constant).logSoftmax(1).toFloatArray();
      float[] out = new float[b];
      for (int i = 0; i < b; i++) {
        out[i] = (float) logSumExp(logResp, i * k, k, classes[i]);
      }
      return out;
    }
  }

  /** logit_bk = bias_bk − ‖x_b − μ_k‖²/(2 v_bk). */
  private NDArray logits(NDArray xf, NDArray v, NDArray bias) {
    NDArray xSq = xf.square().sum(new int[] {1}, true); // [B, 1]
    NDArray dist = xSq.sub(xf.matMul(meansT).mul(2)).add(meanSq).maximum(0); // [B, K]
    return bias.sub(dist.div(v.mul(2)));
  }

  private NDArray responsibilities(NDArray xf, NDArray v, NDArray bias) {
    return logits(xf, v, bias).softmax(1);
  }

  /** log Σ exp(l[from + j]) over the k components, or over those of class {@code only} when it is ≥ 0. */
  private double logSumExp(float[] l, int from, int k, int only) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      if (only < 0 || componentClass[j] == only) {
        max = Math.max(max, l[from + j]);
      }
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (int j = 0; j < k; j++) {
      if (only < 0 || componentClass[j] == only) {
        sum += Math.exp(l[from + j] - max);
      }
    }
    return max + Math.log(sum);
  }

  private static float[] toFloats(double[] a) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (float) a[i];
    }
    return out;
  }

  private static double[] square(double[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] * a[i];
    }
    return out;
  }

  @Override
  public Shape sampleShape() {
    return sampleShape;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }
}
