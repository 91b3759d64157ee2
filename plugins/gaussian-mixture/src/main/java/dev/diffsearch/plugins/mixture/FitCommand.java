package dev.diffsearch.plugins.mixture;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.core.data.Idx;
import dev.diffsearch.core.spi.PluginCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.pf4j.Extension;

/**
 * {@code diffsearch gaussian-mixture-fit [--data DIR] [--per-class K] [--out DIR]}: fits the reference
 * mixture to the Fashion-MNIST training set: K k-means centroids per class (pixels scaled to [−1, 1]),
 * each with the mean squared per-pixel residual of its members as variance and its share of the class
 * as weight. Deterministic (fixed seed).
 */
@Extension
public final class FitCommand implements PluginCommand {

  private static final String INSTALL_HINT = "apt-get install -y dataset-fashion-mnist";

  static final Path DEFAULT_DATA = Path.of("/usr/share/datasets/fashion-mnist");

  @Override
  public String name() {
    return "gaussian-mixture-fit";
  }

  @Override
  public String description() {
    return "fit the reference Gaussian mixture to Fashion-MNIST (k-means per class)";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Path data = DEFAULT_DATA;
    int perClass = 4;
    int iterations = 25;
    Path dest = Path.of(MixtureFiles.BUNDLED);
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--data" -> data = Path.of(args.get(++i));
        case "--per-class" -> perClass = Integer.parseInt(args.get(++i));
        case "--iterations" -> iterations = Integer.parseInt(args.get(++i));
        case "--out" -> dest = Path.of(args.get(++i));
        case "-h", "--help" -> {
          out.println("Usage: diffsearch gaussian-mixture-fit [--data DIR] [--per-class K] [--iterations N] [--out DIR]");
          out.println("Fits K k-means centroids per Fashion-MNIST class; writes means.npy and components.json.");
          return 0;
        }
        default -> {
          err.println("gaussian-mixture-fit: unknown option " + a + " (see --help)");
          return 2;
        }
      }
    }
    Idx.Images images;
    int[] labels;
    try {
      images = Idx.readImages(data.resolve("train-images-idx3-ubyte.gz"), INSTALL_HINT);
      labels = Idx.readLabels(data.resolve("train-labels-idx1-ubyte.gz"), INSTALL_HINT);
    } catch (java.io.IOException e) {
      err.println("gaussian-mixture-fit: " + e.getMessage());
      return 2;
    }
    int dim = images.size();
    int classes = 10;
    float[][] means = new float[classes * perClass][];
    double[] variances = new double[classes * perClass];
    double[] weights = new double[classes * perClass];
    int[] componentClass = new int[classes * perClass];
    for (int c = 0; c < classes; c++) {
      int n = 0;
      for (int l : labels) {
        n += l == c ? 1 : 0;
      }
      float[][] pts = new float[n][];
      int j = 0;
      for (int i = 0; i < images.count(); i++) {
        if (labels[i] == c) {
          pts[j++] = images.scaled(i);
        }
      }
      KMeans.Result fit = KMeans.fit(pts, perClass, iterations, new SplittableRandom(1000 + c));
      for (int k = 0; k < perClass; k++) {
        int idx = c * perClass + k;
        means[idx] = fit.centroids()[k];
        variances[idx] = Math.max(1e-3, fit.meanSquaredResidual()[k] / dim);
        weights[idx] = (double) fit.counts()[k] / n;
        componentClass[idx] = c;
      }
      out.printf("class %d: %d images, %d components%n", c, n, perClass);
    }
    ObjectNode provenance = JsonNodeFactory.instance.objectNode();
    provenance.put("source", "Debian dataset-fashion-mnist, " + data.resolve("train-images-idx3-ubyte.gz"));
    provenance.put("command", "diffsearch gaussian-mixture-fit --per-class " + perClass + " --iterations " + iterations);
    provenance.put("pixel-scale", "x = pixel/127.5 - 1");
    MixtureFiles.write(dest, means, new long[] {1, 28, 28}, variances, weights, componentClass, classes, provenance);
    out.println("wrote " + dest.toAbsolutePath());
    return 0;
  }
}
