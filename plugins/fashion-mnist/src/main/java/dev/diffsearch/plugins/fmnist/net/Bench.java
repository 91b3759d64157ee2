package dev.diffsearch.plugins.fmnist.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code fashion-mnist bench}: bare denoiser NFE/s of fmnist-s and fmnist-l at several batch sizes
 * (the app's {@code bench} cannot pass {@code variant}, so it always measures fmnist-s), with parameters
 * and multiply-accumulates per sample.
 */
public final class Bench {

  private Bench() {}

  public static void run(java.util.List<Net> nets, int[] batches, double seconds, PrintStream out) throws IOException {
    out.printf("%-9s %10s %12s %7s %12s %10s%n", "model", "params", "MMAC/sample", "batch", "NFE/s", "ms/call");
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
            for (int i = 0; i < 3; i++) {
              d.denoise(x, sigma, classes).close();
            }
            long calls = 0;
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            while (System.nanoTime() < end || calls < 3) {
              d.denoise(x, sigma, classes).close();
              calls++;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            out.printf("%-9s %10d %12.1f %7d %12.1f %10.2f%n", d.modelName(), d.parameterCount(), macs / 1e6, b,
                calls * b / secs, 1000 * secs / calls);
            out.flush();
          }
        }
      }
    }
  }
}
