package dev.diffsearch.plugins.mixture;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.cli.CommandSupport;
import dev.diffsearch.api.io.Idx;
import dev.diffsearch.api.spi.PluginCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.pf4j.Extension;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code diffsearch gaussian-mixture-fit [--data DIR] [--per-class K] [--iterations N] [--out DIR]}: fits
 * the reference mixture to the Fashion-MNIST training set: K k-means centroids per class (pixels scaled to [−1, 1]),
 * each with the mean squared per-pixel residual of its members as variance and its share of the class
 * as weight. Deterministic (fixed seed).
 */
@Extension
@Command(name = "gaussian-mixture-fit", mixinStandardHelpOptions = true, versionProvider = FitCommand.Version.class,
    description = {"Fits K k-means centroids per Fashion-MNIST class and writes means.npy and components.json.",
        "Each component's variance is the mean squared per-pixel residual of its members, its weight its share",
        "of the class. Deterministic (fixed seeds): the defaults remake the bundled mixture exactly."})
public final class FitCommand implements PluginCommand, Callable<Integer> {

  private static final String INSTALL_HINT = "apt-get install -y dataset-fashion-mnist";

  static final Path DEFAULT_DATA = Path.of("/usr/share/datasets/fashion-mnist");

  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST IDX files (default: ${DEFAULT-VALUE})")
  Path data = DEFAULT_DATA;

  @Option(names = "--per-class", paramLabel = "K", converter = PerClass.class,
      description = "components per class, 1 to 1000 (default: ${DEFAULT-VALUE})")
  int perClass = 4;

  @Option(names = "--iterations", paramLabel = "N", converter = Iterations.class,
      description = "k-means iterations, 1 to 10000 (default: ${DEFAULT-VALUE})")
  int iterations = 25;

  @Option(names = "--out", paramLabel = "DIR", description = "the directory to write (default: ${DEFAULT-VALUE})")
  Path dest = Path.of(MixtureFiles.BUNDLED);

  @Override
  public Integer call() throws IOException {
    fit(data, perClass, iterations, dest, CommandSupport.out(spec));
    return 0;
  }

  /** The plugin's version, from its jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {CommandSupport.pluginVersion("gaussian-mixture plugin", FitCommand.class)};
    }
  }

  /**
   * Components per class: 1 to 1000 (a class has 6,000 training images, and each k-means iteration costs
   * images × K × 784 operations).
   */
  static final class PerClass extends CommandSupport.Whole {
    PerClass() {
      super(1, 1000);
    }
  }

  /** k-means iterations: at least 1 (the assignment is made in the loop), at most 10,000. */
  static final class Iterations extends CommandSupport.Whole {
    Iterations() {
      super(1, 10_000);
    }
  }

  /** Fits the mixture to the training set in {@code data} and writes it to {@code dest}. */
  static void fit(Path data, int perClass, int iterations, Path dest, PrintStream out) throws IOException {
    Idx.Images images = Idx.readImages(data.resolve("train-images-idx3-ubyte.gz"), INSTALL_HINT);
    int[] labels = Idx.readLabels(data.resolve("train-labels-idx1-ubyte.gz"), INSTALL_HINT);
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
      if (n < perClass) {
        throw new IOException(data + ": class " + c + " has " + n + " training images, fewer than --per-class " + perClass);
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
  }
}
