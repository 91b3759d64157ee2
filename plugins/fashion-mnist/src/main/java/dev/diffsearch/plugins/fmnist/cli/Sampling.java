package dev.diffsearch.plugins.fmnist.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.denoise.GuidedDenoiser;
import dev.diffsearch.api.io.Png;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.Extensions;
import dev.diffsearch.api.spi.Sampler;
import dev.diffsearch.api.spi.StepObserver;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Plain batched sampling without search, for measuring a denoiser (many outputs per batch, which the
 * engine's per-output search does not do), solved by the project's {@code heun} sampler (EDM Algorithm 1
 * without churn on the Karras grid: σ_min 0.002, σ_max 80, ρ 7, last step Euler), which it looks up among the
 * extensions.
 * Writes a directory that {@code diffsearch fashion-mnist eval} reads like a run: {@code images/*.png} and
 * {@code summary.json} (outputs with id, class, image), plus {@code grid.png} (10 per class, a row per
 * class).
 */
final class Sampling {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Sampling() {}

  /**
   * The built-in {@code heun} sampler with {@code steps} steps on its default (EDM) schedule; extensions
   * without it are a {@link dev.diffsearch.api.config.ConfigException}.
   */
  static Sampler heun(Extensions extensions, int steps) {
    return extensions.sampler("heun", Map.of("steps", steps), "sampler");
  }

  /** {@code fashion-mnist sample}: perClass samples of every class into {@code dir}. */
  static void sampleToDirectory(Denoiser model, String modelName, int perClass, Sampler heun, int steps,
      double guidance, long seed, int batch, Path dir, NDManager manager, PrintStream err) throws IOException {
    Denoiser d = GuidedDenoiser.wrap(model, guidance);
    double[] grid = heun.sigmas();
    int total = perClass * FashionMnist.CLASSES;
    Files.createDirectories(dir.resolve("images"));
    int dim = FashionMnist.PIXELS;
    float[] all = new float[total * dim];
    int[] classes = new int[total];
    for (int i = 0; i < total; i++) {
      classes[i] = i / perClass;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    float[] noise = new float[total * dim];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) rng.nextGaussian();
    }
    long start = System.nanoTime();
    for (int s = 0; s < total; s += batch) {
      int k = Math.min(batch, total - s);
      try (NDManager m = manager.newSubManager()) {
        NDArray n = m.create(java.util.Arrays.copyOfRange(noise, s * dim, (s + k) * dim), new Shape(k, 1, 28, 28));
        NDArray x = heun.solve(d, n.mul((float) grid[0]),
            dev.diffsearch.api.spi.Conditioning.ofClasses(java.util.Arrays.copyOfRange(classes, s, s + k)), grid,
            StepObserver.NONE);
        System.arraycopy(x.toFloatArray(), 0, all, s * dim, k * dim);
      }
      double secs = (System.nanoTime() - start) / 1e9;
      err.printf("sample: %d/%d images, %.1f images/s%n", s + k, total, (s + k) / secs);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    ObjectNode root = JSON.createObjectNode();
    ArrayNode outs = root.putArray("outputs");
    for (int i = 0; i < total; i++) {
      String id = String.format("o%04d-class%02d-s%03d", i, classes[i], i % perClass);
      float[] img = java.util.Arrays.copyOfRange(all, i * dim, (i + 1) * dim);
      Files.write(dir.resolve("images").resolve(id + ".png"), Png.encode(img, 1, 28, 28));
      ObjectNode o = outs.addObject();
      o.put("id", id);
      o.put("class", classes[i]);
      o.put("image", "images/" + id + ".png");
    }
    long nfe = heun.nfe(grid);
    ObjectNode info = root.putObject("sampling");
    info.put("model", modelName);
    info.put("sampler", "heun " + steps + " steps (EDM Algorithm 1, Karras rho 7, sigma 0.002..80), no search");
    info.put("guidance", guidance);
    info.put("nfe-per-sample", nfe);
    info.put("forward-passes-per-sample", nfe * d.passesPerEvaluation());
    info.put("seed", seed);
    info.put("batch", batch);
    info.put("wall-seconds", Math.round(seconds * 10) / 10.0);
    root.put("complete", true);
    Files.writeString(dir.resolve("summary.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    Files.write(dir.resolve("grid.png"), grid(all, classes, Math.min(perClass, 10)));
  }

  /** A class-per-row grid: the first {@code cols} samples of each class. */
  static byte[] grid(float[] samples, int[] classes, int cols) {
    int dim = FashionMnist.PIXELS;
    float[] tiles = new float[FashionMnist.CLASSES * cols * dim];
    java.util.Arrays.fill(tiles, -1f);
    int[] used = new int[FashionMnist.CLASSES];
    for (int i = 0; i < classes.length; i++) {
      int c = classes[i];
      if (c >= 0 && c < FashionMnist.CLASSES && used[c] < cols) {
        System.arraycopy(samples, i * dim, tiles, (c * cols + used[c]) * dim, dim);
        used[c]++;
      }
    }
    return Png.grid(tiles, FashionMnist.CLASSES * cols, 1, 28, 28, cols);
  }
}
