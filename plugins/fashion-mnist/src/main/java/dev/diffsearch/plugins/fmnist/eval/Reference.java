package dev.diffsearch.plugins.fmnist.eval;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.nets.Metrics;
import dev.diffsearch.nets.ParamFile;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import dev.diffsearch.plugins.fmnist.net.Classifier;
import dev.diffsearch.plugins.fmnist.net.Net;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reference statistics of real data in the evaluator's feature space: mean and covariance of the 10,000
 * test images and of the 60,000 training images, and the features of the test images themselves (for
 * KID and precision/recall) with their labels (for statistics per class), shipped as a resource next to
 * the evaluator weights, so that evaluating a run needs neither the dataset nor 10,000 evaluator passes.
 * They are tied to the evaluator weights by a CRC of the weights file.
 */
public final class Reference {

  static final String RESOURCE = Net.RESOURCE_DIR + "reference-stats.params";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Statistics of the test and training splits, and the evaluator features of the 10,000 test images
   * (row-major [10000, 128], for KID and precision/recall) with their labels.
   */
  public record Stats(Metrics.Stats test, Metrics.Stats train, float[] testFeatures, int[] testLabels,
      long evaluatorCrc) {

    public int testCount() {
      return testFeatures.length / test.dim();
    }

    /** Mean and covariance of the test images of each class, by label. */
    public Metrics.Stats[] testByClass() {
      int d = test.dim();
      int[] counts = new int[FashionMnist.CLASSES];
      for (int label : testLabels) {
        counts[label]++;
      }
      Metrics.Stats[] out = new Metrics.Stats[FashionMnist.CLASSES];
      for (int c = 0; c < out.length; c++) {
        float[] rows = new float[counts[c] * d];
        int n = 0;
        for (int i = 0; i < testLabels.length; i++) {
          if (testLabels[i] == c) {
            System.arraycopy(testFeatures, i * d, rows, n++ * d, d);
          }
        }
        out[c] = Metrics.Stats.of(rows, n, d);
      }
      return out;
    }
  }

  private Reference() {}

  /** CRC32 of the shipped evaluator weights (or of {@code file}). */
  static long evaluatorCrc(Path file) throws IOException {
    CRC32 crc = new CRC32();
    try (InputStream in = file == null ? dev.diffsearch.api.io.Resources.open(Net.class, Net.EVALUATOR.resource())
        : java.nio.file.Files.newInputStream(file)) {
      if (in == null) {
        throw new IOException("the plugin jar ships no evaluator weights (" + Net.EVALUATOR.resource() + ")");
      }
      byte[] buf = new byte[1 << 16];
      for (int r; (r = in.read(buf)) > 0; ) {
        crc.update(buf, 0, r);
      }
    }
    return crc.getValue();
  }

  /** The shipped statistics, checked against the shipped evaluator weights. */
  public static Stats shipped() throws IOException {
    ParamFile.Contents c;
    try (InputStream in = dev.diffsearch.api.io.Resources.open(Reference.class, RESOURCE)) {
      if (in == null) {
        throw new IOException("the plugin jar ships no reference statistics (" + RESOURCE
            + "); make them with: diffsearch fashion-mnist reference-stats");
      }
      c = ParamFile.read(in, "jar:" + RESOURCE);
    }
    Stats s = decode(c);
    if (s.evaluatorCrc() != evaluatorCrc(null)) {
      throw new IOException("jar:" + RESOURCE + " was computed with other evaluator weights than the shipped ones;"
          + " regenerate it with: diffsearch fashion-mnist reference-stats");
    }
    return s;
  }

  static Stats read(Path file) throws IOException {
    return decode(ParamFile.read(file));
  }

  private static Stats decode(ParamFile.Contents c) throws IOException {
    ObjectNode meta = (ObjectNode) JSON.readTree(c.metadata());
    ParamFile.Tensor features = c.tensors().get("test/features");
    ParamFile.Tensor labels = c.tensors().get("test/labels");
    if (features == null || labels == null) {
      throw new IOException("reference statistics without test/" + (features == null ? "features" : "labels")
          + "; regenerate them with: diffsearch fashion-mnist reference-stats");
    }
    int[] classes = new int[labels.data().length];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = (int) labels.data()[i];
    }
    return new Stats(stats(c, "test", meta.path("test-count").asInt()), stats(c, "train", meta.path("train-count").asInt()),
        features.data(), classes, meta.path("evaluator-crc32").asLong());
  }

  private static Metrics.Stats stats(ParamFile.Contents c, String split, int count) {
    float[] mean = c.tensors().get(split + "/mean").data();
    float[] cov = c.tensors().get(split + "/cov").data();
    int d = mean.length;
    double[] m = new double[d];
    double[][] s = new double[d][d];
    for (int i = 0; i < d; i++) {
      m[i] = mean[i];
      for (int j = 0; j < d; j++) {
        s[i][j] = cov[i * d + j];
      }
    }
    return new Metrics.Stats(m, s, count);
  }

  /** Computes the statistics with {@code evaluator} from the dataset and writes them to {@code file}. */
  public static Stats compute(Classifier evaluator, Path evaluatorWeights, Path dataDir, Path file) throws IOException {
    Map<String, ParamFile.Tensor> t = new LinkedHashMap<>();
    ObjectNode meta = JSON.createObjectNode();
    Metrics.Stats[] both = new Metrics.Stats[2];
    float[] testFeatures = null;
    int[] testLabels = null;
    for (FashionMnist.Split split : FashionMnist.Split.values()) {
      FashionMnist.Data data = FashionMnist.load(dataDir, split);
      Classifier.Outputs out;
      try (NDManager m = NDManager.newBaseManager()) {
        out = evaluator.run(data.x(), data.size(), m);
      }
      Metrics.Stats s = Metrics.Stats.of(out.features(), data.size(), out.featureDim());
      String key = split == FashionMnist.Split.TEST ? "test" : "train";
      int d = s.dim();
      float[] mean = new float[d];
      float[] cov = new float[d * d];
      for (int a = 0; a < d; a++) {
        mean[a] = (float) s.mean()[a];
        for (int b = 0; b < d; b++) {
          cov[a * d + b] = (float) s.cov()[a][b];
        }
      }
      t.put(key + "/mean", new ParamFile.Tensor(new long[] {d}, mean));
      t.put(key + "/cov", new ParamFile.Tensor(new long[] {d, d}, cov));
      meta.put(key + "-count", data.size());
      both[split == FashionMnist.Split.TEST ? 0 : 1] = s;
      if (split == FashionMnist.Split.TEST) {
        testFeatures = out.features();
        testLabels = data.labels();
        float[] labels = new float[data.size()];
        for (int i = 0; i < labels.length; i++) {
          labels[i] = testLabels[i];
        }
        t.put("test/features", new ParamFile.Tensor(new long[] {data.size(), d}, testFeatures));
        t.put("test/labels", new ParamFile.Tensor(new long[] {data.size()}, labels));
      }
    }
    long crc = evaluatorCrc(evaluatorWeights);
    meta.put("evaluator-crc32", crc);
    meta.put("features", "evaluator penultimate layer (128, ReLU)");
    meta.put("source", "Debian dataset-fashion-mnist, x = p/127.5 - 1");
    ParamFile.write(file, JSON.writeValueAsString(meta), t);
    return new Stats(both[0], both[1], testFeatures, testLabels, crc);
  }
}
