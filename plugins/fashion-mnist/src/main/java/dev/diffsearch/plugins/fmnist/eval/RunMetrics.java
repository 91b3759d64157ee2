package dev.diffsearch.plugins.fmnist.eval;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import dev.diffsearch.plugins.fmnist.net.Classifier;
import dev.diffsearch.plugins.fmnist.net.Net;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The metrics of a run, or of real test images (the ceiling), with the evaluator network: what {@code eval} writes. */
public final class RunMetrics {

  /** Neighbours for precision/recall, by default. */
  public static final int K = 3;
  /** KID subsets, by default. */
  public static final int KID_SUBSETS = 10;

  private RunMetrics() {}

  /**
   * Scores {@code run}'s images against the test set, or with {@code run} null, {@code samples} real test images
   * (class-balanced) against the training set.
   *
   * @param evaluatorFile evaluator weights; null: the shipped ones and their shipped reference statistics
   * @param data the Fashion-MNIST IDX files
   */
  public static ObjectNode measure(Path run, int samples, int k, int kidSubsets, Path evaluatorFile, Path data)
      throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      Classifier evaluator = Classifier.open(Net.EVALUATOR, manager, evaluatorFile);
      Reference.Stats stats = evaluatorFile == null ? Reference.shipped() : null;
      if (stats == null) {
        Path tmp = Files.createTempFile("reference-stats", ".params");
        stats = Reference.compute(evaluator, evaluatorFile, data, tmp);
        Files.deleteIfExists(tmp);
      }
      Evaluation.Samples set;
      Evaluation.Real real;
      if (run == null) {
        FashionMnist.Data test = FashionMnist.load(data, FashionMnist.Split.TEST);
        set = Evaluation.balanced(test, samples);
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
      ObjectNode metrics = Evaluation.evaluate(evaluator, set, real, k, kidSubsets);
      metrics.put("evaluator", evaluatorFile == null ? "shipped (jar:" + Net.EVALUATOR.resource() + ")" : evaluatorFile.toString());
      if (run != null) {
        metrics.put("run", run.toString());
      }
      return metrics;
    }
  }
}
