package dev.diffsearch.plugins.fmnist.eval;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.io.Png;
import dev.diffsearch.nets.Metrics;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import dev.diffsearch.plugins.fmnist.net.Classifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Scores a set of images with the evaluator network against real data. */
public final class Evaluation {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Images to evaluate: flattened 28×28 in [−1, 1] and their intended class (−1: none). */
  public record Samples(float[] x, int[] classes) {
    public int size() {
      return classes.length;
    }
  }

  /** Real data to compare against: Fréchet statistics and (optionally) features for KID and P/R. */
  public record Real(String description, Metrics.Stats stats, float[] features, int count) {}

  /**
   * Fewer samples than this make KID and precision/recall unreliable, and {@code evaluate} says so in
   * {@code "warnings"}. KID's unbiased MMD² estimate has a variance that falls only as 1/n: at 100 samples
   * its spread over subsets is already about 4 here (fashion-mnist README), as large as the differences
   * between models, and below that it is mostly noise and often negative (10 samples gave −13.6).
   * Precision is a share of n samples (±0.05 at 100, ±0.15 at 10) and recall's k-NN manifold of the
   * generated set changes with n. Bińkowski et al. use subsets of 1,000, Kynkäänniemi et al. 50,000.
   */
  static final int MIN_RELIABLE_SAMPLES = 100;

  private Evaluation() {}

  /** The best images of a run directory, with their classes, from {@code summary.json}. */
  public static Samples readRun(Path runDir) throws IOException {
    Path summary = runDir.resolve("summary.json");
    if (!Files.isRegularFile(summary)) {
      throw new IOException(runDir + ": not a finished run directory (no summary.json)");
    }
    Path runJson = runDir.resolve("run.json");
    if (Files.isRegularFile(runJson)) {
      String model = JSON.readTree(runJson.toFile()).path("config").path("model").path("name").asText("");
      if (!model.isEmpty() && !model.equals("fashion-mnist")) {
        throw new IOException(runDir + ": a run of model '" + model + "', not of fashion-mnist; this evaluator"
            + " measures Fashion-MNIST images ('diffsearch plugins' lists the commands of other models' plugins)");
      }
    }
    JsonNode root = JSON.readTree(summary.toFile());
    List<float[]> images = new ArrayList<>();
    List<Integer> classes = new ArrayList<>();
    for (JsonNode o : root.path("outputs")) {
      String rel = o.path("image").asText("images/" + o.path("id").asText() + ".png");
      Path png = runDir.resolve(rel);
      images.add(readPng(png));
      classes.add(o.path("class").asInt(-1));
    }
    if (images.isEmpty()) {
      throw new IOException(summary + ": lists no finished outputs");
    }
    float[] x = new float[images.size() * FashionMnist.PIXELS];
    int[] c = new int[images.size()];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.get(i), 0, x, i * FashionMnist.PIXELS, FashionMnist.PIXELS);
      c[i] = classes.get(i);
    }
    return new Samples(x, c);
  }

  /** The first {@code n/10} images of each class of {@code data} (n rounded down to a multiple of 10, at least 10). */
  public static Samples balanced(FashionMnist.Data data, int n) {
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
    return new Samples(java.util.Arrays.copyOf(x, j * FashionMnist.PIXELS), java.util.Arrays.copyOf(classes, j));
  }

  /** A 28×28 grey PNG as [−1, 1] floats (x = p/127.5 − 1). */
  static float[] readPng(Path png) throws IOException {
    return Png.read(png, 1, 28, 28);
  }

  /** All metrics of {@code samples} against {@code real}, as the metrics.json object. */
  public static ObjectNode evaluate(Classifier evaluator, Samples samples, Real real, int k, int kidSubsets) {
    ObjectNode out = JSON.createObjectNode();
    int n = samples.size();
    out.put("samples", n);
    out.put("reference", real.description());
    List<String> warnings = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager()) {
      Classifier.Outputs o = evaluator.run(samples.x(), n, m);
      int d = o.featureDim();
      if (n >= 2) {
        out.put("fid", round(Metrics.fid(Metrics.Stats.of(o.features(), n, d), real.stats())));
        if (n <= d) { // n samples have a covariance of rank n − 1 at most: singular below d + 1
          warnings.add("FID from " + n + " samples is biased (below " + (d + 1) + ": the covariance of the " + d
              + "-d features is singular); compare only runs of the same size");
        }
      } else {
        out.putNull("fid");
      }
      if (real.features() != null && n >= 2) {
        Metrics.Kid kid = Metrics.kid(o.features(), n, real.features(), real.count(), d, kidSubsets, m);
        out.put("kid", round(kid.mean()));
        out.put("kid-std", round(kid.std()));
        out.put("kid-subsets", kid.subsets() + " x " + kid.subsetSize());
        if (kid.subsetSize() < MIN_RELIABLE_SAMPLES) {
          warnings.add("KID from " + kid.subsetSize() + " samples is unreliable (below " + MIN_RELIABLE_SAMPLES
              + "): its unbiased estimate is noisy and can be negative; compare only runs of the same size");
        }
      } else {
        out.putNull("kid");
      }
      double[][] probs = new double[n][];
      for (int i = 0; i < n; i++) {
        probs[i] = o.probabilities(i);
      }
      out.put("inception-score", round(Metrics.inceptionScore(probs)));
      if (real.features() != null && n > k) {
        Metrics.PrecisionRecall pr = Metrics.precisionRecall(real.features(), real.count(), o.features(), n, d, k, m);
        out.put("precision", round(pr.precision()));
        out.put("recall", round(pr.recall()));
        out.put("k", k);
        if (n < MIN_RELIABLE_SAMPLES) {
          warnings.add("precision and recall from " + n + " samples are unreliable (below " + MIN_RELIABLE_SAMPLES
              + "): a share of so few samples is coarse and recall's k-NN manifold depends on n");
        }
      } else {
        out.putNull("precision");
        out.putNull("recall");
      }
      int labelled = 0;
      int right = 0;
      int[] perTotal = new int[FashionMnist.CLASSES];
      int[] perRight = new int[FashionMnist.CLASSES];
      for (int i = 0; i < n; i++) {
        int c = samples.classes()[i];
        if (c >= 0 && c < FashionMnist.CLASSES) {
          labelled++;
          perTotal[c]++;
          if (o.argmax(i) == c) {
            right++;
            perRight[c]++;
          }
        }
      }
      if (labelled > 0) {
        out.put("class-accuracy", round((double) right / labelled));
        ObjectNode per = out.putObject("class-accuracy-per-class");
        for (int c = 0; c < FashionMnist.CLASSES; c++) {
          if (perTotal[c] > 0) {
            per.put(c + " " + FashionMnist.CLASS_NAMES[c], round((double) perRight[c] / perTotal[c]));
          }
        }
      } else {
        out.putNull("class-accuracy");
      }
    }
    ArrayNode w = out.putArray("warnings");
    warnings.forEach(w::add);
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1e5) / 1e5;
  }
}
