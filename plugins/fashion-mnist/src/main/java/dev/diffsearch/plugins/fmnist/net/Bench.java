package dev.diffsearch.plugins.fmnist.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * {@code fashion-mnist bench}: bare denoiser NFE/s of fmnist-s and fmnist-l at several batch sizes (the app's
 * {@code bench} cannot pass {@code variant}, so it always measures fmnist-s), with parameters and
 * multiply-accumulates per sample, and a roofline: the engine's own rate on one large matrix product and one
 * large convolution on this machine (the roof), each model's GMAC/s, and its share of the roof.
 */
public final class Bench {

  /** The roof's matrix product: {@code N x N} by {@code N x N}, N³ MACs. */
  static final int SGEMM_N = 1024;
  /** The roof's convolution: a batch of 64 maps of 64 channels, 28 x 28, a 3 x 3 kernel to 64 channels. */
  static final Shape CONV_INPUT = new Shape(64, 64, 28, 28);
  static final Shape CONV_WEIGHT = new Shape(64, 64, 3, 3);

  private Bench() {}

  /** The roof: the engine's GMAC/s on a large sgemm and a large convolution, and the larger of the two. */
  public record Roof(double sgemm, double conv) {
    public double best() {
      return Math.max(sgemm, conv);
    }
  }

  public static void run(java.util.List<Net> nets, int[] batches, double seconds, PrintStream out) throws IOException {
    Roof roof = roof(seconds);
    out.printf("roof: sgemm %d^3 %.1f GMAC/s, conv 3x3 64->64 ch on 64x28x28 %.1f GMAC/s (the engine's rate here)%n",
        SGEMM_N, roof.sgemm(), roof.conv());
    out.printf("%-9s %10s %12s %7s %12s %10s %9s %8s%n", "model", "params", "MMAC/sample", "batch", "NFE/s", "ms/call",
        "GMAC/s", "of roof");
    for (Net net : nets) {
      try (NDManager m = NDManager.newBaseManager()) {
        FashionMnistDenoiser d = FashionMnistDenoiser.open(net, m, null);
        long macs = d.macsPerPass();
        for (int b : batches) {
          int[] classes = new int[b];
          Arrays.setAll(classes, i -> i % 10);
          try (NDManager s = m.newSubManager()) {
            NDArray x = s.randomNormal(new Shape(b, 1, 28, 28));
            NDArray sigma = s.full(new Shape(b), 1.5f);
            double callsPerSecond = rate(() -> d.denoise(x, sigma, classes), seconds);
            double nfe = callsPerSecond * b;
            double gmac = nfe * macs / 1e9;
            out.printf("%-9s %10d %12.1f %7d %12.1f %10.2f %9.2f %7.1f%%%n", d.modelName(), d.parameterCount(),
                macs / 1e6, b, nfe, 1000 / callsPerSecond, gmac, 100 * gmac / roof.best());
            out.flush();
          }
        }
      }
    }
  }

  /** The roof, each part timed for {@code seconds}. */
  static Roof roof(double seconds) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.randomNormal(new Shape(SGEMM_N, SGEMM_N));
      NDArray b = m.randomNormal(new Shape(SGEMM_N, SGEMM_N));
      double sgemm = rate(() -> a.matMul(b), seconds) * Math.pow(SGEMM_N, 3) / 1e9;
      NDArray x = m.randomNormal(CONV_INPUT);
      NDArray w = m.randomNormal(CONV_WEIGHT);
      NDArray bias = m.zeros(new Shape(CONV_WEIGHT.get(0)));
      double convMacs = (double) CONV_WEIGHT.size() * CONV_INPUT.get(0) * CONV_INPUT.get(2) * CONV_INPUT.get(3);
      double conv = rate(() -> ai.djl.nn.convolutional.Conv2d.conv2d(x, w, bias, new Shape(1, 1), new Shape(1, 1))
          .singletonOrThrow(), seconds) * convMacs / 1e9;
      return new Roof(sgemm, conv);
    }
  }

  /** Calls of {@code call} per second, after 3 unmeasured ones, over at least {@code seconds} and 3 calls. */
  private static double rate(Supplier<Object> call, double seconds) {
    for (int i = 0; i < 3; i++) {
      close(call.get());
    }
    long calls = 0;
    long t0 = System.nanoTime();
    long end = t0 + (long) (seconds * 1e9);
    while (System.nanoTime() < end || calls < 3) {
      close(call.get());
      calls++;
    }
    return calls / ((System.nanoTime() - t0) / 1e9);
  }

  private static void close(Object result) {
    if (result instanceof NDArray a) {
      a.close();
    } else if (result instanceof NDList l) {
      l.close();
    }
  }
}
