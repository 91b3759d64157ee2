package dev.diffsearch.plugins.fmnist;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.core.data.IdxException;
import dev.diffsearch.core.spi.PluginCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pf4j.Extension;

/**
 * {@code diffsearch eval RUN_DIR}: scores a run's images with the evaluator network (never used by a
 * verifier) against the Fashion-MNIST test set and writes {@code RUN_DIR/metrics.json}: FID (shipped
 * reference statistics), KID and k-NN precision/recall (against the 10,000 test images), an
 * Inception-Score analog and the class accuracy of the samples against their conditioning classes.
 * {@code diffsearch eval --reference} scores real test images against the training set instead: the
 * ceiling a model could reach.
 */
@Extension
public final class EvalCommand implements PluginCommand {

  static final String USAGE = String.join("\n",
      "Usage: diffsearch eval RUN_DIR [options]      writes RUN_DIR/metrics.json",
      "       diffsearch eval --reference [options]  real test images vs the training set (the ceiling)",
      "  --samples N      with --reference: how many test images (default 1000, 100 per class)",
      "  --out FILE       where to write the metrics (default RUN_DIR/metrics.json; --reference: stdout only)",
      "  --k K            neighbours for precision/recall (default 3)",
      "  --kid-subsets S  KID subsets (default 10)",
      "  --evaluator FILE evaluator weights (default: the shipped ones; reference statistics are then recomputed)",
      "  --data DIR       Fashion-MNIST IDX files (default " + FashionMnist.DEFAULT_DIR + ")",
      "Metrics: FID and KID in the evaluator's 128-d feature space, IS analog (max 10), precision and",
      "recall (k-NN manifolds), class accuracy of samples vs their conditioning class.");

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "eval";
  }

  @Override
  public String description() {
    return "FID, KID, IS, precision/recall and class accuracy of a run's images (fashion-mnist evaluator)";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Path run = null;
    boolean reference = false;
    int samples = 1000;
    Path outFile = null;
    int k = 3;
    int subsets = 10;
    Path evaluatorFile = null;
    Path data = FashionMnist.DEFAULT_DIR;
    try {
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        switch (a) {
          case "--reference" -> reference = true;
          case "--samples" -> samples = Integer.parseInt(value(args, ++i, a));
          case "--out" -> outFile = Path.of(value(args, ++i, a));
          case "--k" -> k = Integer.parseInt(value(args, ++i, a));
          case "--kid-subsets" -> subsets = Integer.parseInt(value(args, ++i, a));
          case "--evaluator" -> evaluatorFile = Path.of(value(args, ++i, a));
          case "--data" -> data = Path.of(value(args, ++i, a));
          case "-h", "--help" -> {
            out.println(USAGE);
            return 0;
          }
          default -> {
            if (a.startsWith("-") || run != null) {
              throw new IllegalArgumentException("unexpected argument " + a + " (see --help)");
            }
            run = Path.of(a);
          }
        }
      }
      if (reference == (run != null)) {
        throw new IllegalArgumentException("give either RUN_DIR or --reference (see --help)");
      }
      if (k < 1 || subsets < 1 || samples < 2) {
        throw new IllegalArgumentException("--k and --kid-subsets must be at least 1, --samples at least 2");
      }
    } catch (NumberFormatException e) {
      err.println("eval: not a number: " + e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("eval: " + e.getMessage());
      return 2;
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      Classifier evaluator;
      Reference.Stats stats;
      try {
        evaluator = Classifier.open(Net.EVALUATOR, manager, evaluatorFile);
        stats = evaluatorFile == null ? Reference.shipped() : null;
      } catch (IOException e) {
        err.println("eval: " + e.getMessage());
        return 2;
      }
      Evaluation.Samples set;
      Evaluation.Real real;
      try {
        if (stats == null) {
          Path tmp = Files.createTempFile("reference-stats", ".params");
          stats = Reference.compute(evaluator, evaluatorFile, data, tmp);
          Files.deleteIfExists(tmp);
        }
        if (reference) {
          FashionMnist.Data test = FashionMnist.load(data, FashionMnist.Split.TEST);
          set = balanced(test, samples);
          FashionMnist.Data train = FashionMnist.load(data, FashionMnist.Split.TRAIN).head(10_000);
          Classifier.Outputs trainOut;
          try (NDManager m = manager.newSubManager()) {
            trainOut = evaluator.run(train.x(), train.size(), m);
          }
          real = new Evaluation.Real("real: " + set.size() + " Fashion-MNIST test images (class-balanced) vs the"
              + " training set (FID: all 60000; KID, precision, recall: first 10000)", stats.train(),
              trainOut.features(), train.size());
        } else {
          set = Evaluation.readRun(run);
          real = new Evaluation.Real("Fashion-MNIST test set (10000 images)", stats.test(), stats.testFeatures(),
              stats.testCount());
        }
      } catch (IdxException e) {
        err.println("eval: " + e.getMessage());
        return 2;
      } catch (IOException e) {
        err.println("eval: " + e.getMessage());
        return 2;
      }
      ObjectNode metrics = Evaluation.evaluate(evaluator, set, real, k, subsets);
      metrics.put("evaluator", evaluatorFile == null ? "shipped (jar:" + Net.EVALUATOR.resource() + ")" : evaluatorFile.toString());
      if (run != null) {
        metrics.put("run", run.toString());
      }
      String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(metrics);
      Path dest = outFile != null ? outFile : run != null ? run.resolve("metrics.json") : null;
      if (dest != null) {
        Files.writeString(dest, text + "\n");
      }
      out.println(text);
      if (dest != null) {
        out.println("wrote " + dest);
      }
      return 0;
    }
  }

  /** The first {@code n/10} test images of each class (n rounded down to a multiple of 10, at least 10). */
  static Evaluation.Samples balanced(FashionMnist.Data data, int n) {
    int per = Math.max(1, n / FashionMnist.CLASSES);
    int[] taken = new int[FashionMnist.CLASSES];
    float[] x = new float[per * FashionMnist.CLASSES * FashionMnist.PIXELS];
    int[] classes = new int[per * FashionMnist.CLASSES];
    int j = 0;
    for (int i = 0; i < data.size() && j < classes.length; i++) {
      int c = data.labels()[i];
      if (taken[c] < per) {
        taken[c]++;
        System.arraycopy(data.x(), i * FashionMnist.PIXELS, x, j * FashionMnist.PIXELS, FashionMnist.PIXELS);
        classes[j++] = c;
      }
    }
    return new Evaluation.Samples(java.util.Arrays.copyOf(x, j * FashionMnist.PIXELS), java.util.Arrays.copyOf(classes, j));
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }
}
