package dev.diffsearch.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The preconditioning of EDM denoisers (Karras et al. 2022) with σ_data = 0.5: a network F is wrapped as
 * {@code D(x; σ) = c_skip(σ)·x + c_out(σ)·F(c_in(σ)·x; c_noise(σ))}, c_skip = σd²/(σ²+σd²),
 * c_out = σ·σd/√(σ²+σd²), c_in = 1/√(σ²+σd²), c_noise = ln(σ)/4; trained with the weight λ(σ) =
 * (σ²+σd²)/(σ·σd)², which makes the loss ‖F − (y − c_skip·x)/c_out‖².
 */
public final class Edm {

  public static final double SIGMA_DATA = 0.5;

  private Edm() {}

  /** c_in per row, [B,1,1,1], in σ's manager. */
  public static NDArray cIn(NDArray sigma) {
    long b = sigma.getShape().get(0);
    return sigma.reshape(b, 1, 1, 1).square().add((float) (SIGMA_DATA * SIGMA_DATA)).pow(-0.5f);
  }

  /** c_skip and c_out per row, [B,1,1,1] each, in σ's manager. */
  public static NDArray[] skipOut(NDArray sigma) {
    long b = sigma.getShape().get(0);
    NDArray s = sigma.reshape(b, 1, 1, 1);
    float sd2 = (float) (SIGMA_DATA * SIGMA_DATA);
    NDArray denom = s.square().add(sd2);
    NDArray cSkip = denom.pow(-1f).mul(sd2);
    NDArray cOut = s.mul((float) SIGMA_DATA).div(denom.sqrt());
    return new NDArray[] {cSkip, cOut};
  }

  /** D = c_skip·x + c_out·F, given F = the network's output. */
  public static NDArray denoised(NDArray x, NDArray sigma, NDArray f) {
    NDArray[] so = skipOut(sigma);
    return x.mul(so[0]).add(f.mul(so[1]));
  }

  /** A network F evaluated on a batch: {@code x} [B, C, H, W] and σ [B], both float32, in {@code scope}. */
  @FunctionalInterface
  public interface Network {
    NDArray apply(NDManager scope, NDArray x, NDArray sigma);
  }

  /**
   * D(x; σ) for a batch {@code x} of any shape with B rows of {@code sample} values: F runs on float32
   * copies shaped [B, sample...] in a scope below x's manager (every temporary freed with it); D comes back in
   * x's shape, data type and manager.
   */
  public static NDArray denoise(NDArray x, NDArray sigma, Shape sample, Network f) {
    long b = x.getShape().get(0);
    NDManager caller = x.getManager();
    try (NDManager call = caller.newSubManager()) {
      NDArray xs = x.duplicate();
      xs.attach(call);
      NDArray s = sigma.duplicate();
      s.attach(call);
      DataType type = x.getDataType();
      long[] dims = new long[sample.dimension() + 1];
      dims[0] = b;
      System.arraycopy(sample.getShape(), 0, dims, 1, sample.dimension());
      xs = xs.toType(DataType.FLOAT32, false).reshape(new Shape(dims));
      s = s.toType(DataType.FLOAT32, false).reshape(b);
      NDArray d = denoised(xs, s, f.apply(call, xs, s)).reshape(x.getShape());
      if (type != DataType.FLOAT32) {
        d = d.toType(type, false);
      }
      d.attach(caller);
      return d;
    }
  }

  /** The training target of F for clean {@code y} noised to {@code x} at σ: (y − c_skip·x)/c_out. */
  public static NDArray target(NDArray x, NDArray y, NDArray sigma) {
    NDArray[] so = skipOut(sigma);
    return y.sub(x.mul(so[0])).div(so[1]);
  }

  /**
   * Fourier features [B, n] of c_noise = ln(σ)/4 (cosines then sines) at geometric frequencies from 1 to
   * 100 rad per unit of c_noise (which spans about [−2, 1.5]).
   */
  public static NDArray noiseFeatures(NDArray sigma, int n) {
    long b = sigma.getShape().get(0);
    NDArray cNoise = sigma.log().div(4f).reshape(b, 1);
    float[] freqs = new float[n / 2];
    for (int k = 0; k < freqs.length; k++) {
      freqs[k] = (float) Math.exp(Math.log(100.0) * k / (freqs.length - 1));
    }
    NDArray phase = cNoise.mul(sigma.getManager().create(freqs, new Shape(1, freqs.length)));
    return phase.cos().concat(phase.sin(), 1);
  }
}
