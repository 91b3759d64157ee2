package dev.diffsearch.api.denoise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.spi.Denoiser;

/**
 * How a network's output relates to the EDM denoiser, and the adapter from each to {@code D(x; σ)}.
 * x̃ below is the EDM state {@code x0 + σ·n}.
 */
public enum Parameterization {
  /** The network already returns D. */
  EDM {
    @Override
    NDArray denoise(RawNetwork net, NDArray x, NDArray sigma, int[] classes) {
      return net.forward(x, sigma, classes);
    }
  },
  /** VP ε-prediction: x_vp = x̃/√(1+σ²) (so ᾱ = 1/(1+σ²)), D = x̃ − σ·ε̂(x_vp, σ). */
  EPS {
    @Override
    NDArray denoise(RawNetwork net, NDArray x, NDArray sigma, int[] classes) {
      NDArray s = perRow(sigma, x);
      NDArray xVp = x.div(s.square().add(1).sqrt());
      NDArray eps = net.forward(xVp, sigma, classes);
      return x.sub(s.mul(eps));
    }
  },
  /**
   * Rectified flow / SiT linear interpolant x_t = (1−t)·x0 + t·ε with velocity v = ε − x0:
   * t = σ/(1+σ), x_t = x̃·(1−t), D = x_t − t·v̂(x_t, t).
   */
  FLOW {
    @Override
    NDArray denoise(RawNetwork net, NDArray x, NDArray sigma, int[] classes) {
      NDArray t = sigma.div(sigma.add(1));
      NDArray tRow = perRow(t, x);
      NDArray xt = x.mul(tRow.neg().add(1));
      NDArray v = net.forward(xt, t, classes);
      return xt.sub(tRow.mul(v));
    }
  };

  abstract NDArray denoise(RawNetwork net, NDArray x, NDArray sigma, int[] classes);

  /** The EDM denoiser of {@code net}, read in this parameterization. */
  public Denoiser adapt(RawNetwork net, Shape sampleShape, int numClasses) {
    Parameterization self = this;
    return new Denoiser() {
      @Override
      public NDArray denoise(NDArray x, NDArray sigma, int[] classes) {
        return self.denoise(net, x, sigma, classes);
      }

      @Override
      public Shape sampleShape() {
        return sampleShape;
      }

      @Override
      public int numClasses() {
        return numClasses;
      }
    };
  }

  /** Reads a config value ({@code edm}, {@code eps}, {@code flow}), case-insensitive. */
  public static Parameterization parse(String value) {
    for (Parameterization p : values()) {
      if (p.name().equalsIgnoreCase(value)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown parameterization '" + value + "' (known: edm, eps, flow)");
  }

  /** σ of shape [B] reshaped to [B, 1, 1, ...] so that it broadcasts over a row of x. */
  public static NDArray perRow(NDArray sigma, NDArray x) {
    long[] dims = new long[x.getShape().dimension()];
    java.util.Arrays.fill(dims, 1);
    dims[0] = sigma.getShape().get(0);
    return sigma.reshape(new Shape(dims));
  }
}
