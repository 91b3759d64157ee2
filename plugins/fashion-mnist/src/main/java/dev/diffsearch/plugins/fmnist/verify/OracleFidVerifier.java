package dev.diffsearch.plugins.fmnist.verify;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.NoConfig;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierFactory;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.nets.Metrics;
import dev.diffsearch.plugins.fmnist.eval.Reference;
import dev.diffsearch.plugins.fmnist.net.Classifier;
import dev.diffsearch.plugins.fmnist.net.Net;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/**
 * {@code oracle-fid}: the paper's FID-oracle, a greedy choice: a candidate scores −FID of the run's
 * samples so far plus itself, in the evaluator's feature space, against the shipped statistics of the 10k
 * test images taken in the class proportions of that set: the moments of the mixture of each class's test
 * statistics, weighted by the set's samples of that class (an unconditional sample counts a tenth to each).
 * A run lists its outputs class by class, so against all ten classes at once a set of T-shirts alone would
 * favour the T-shirts least like T-shirts; against its own classes' statistics each choice lowers the FID
 * of the set it joins without the class order pulling it away from its class, and a set that holds every
 * class equally is judged against the whole test set (to within 0.1 %), as {@code eval} judges it. While the set has fewer than two samples, −‖f − μ‖² (the mean term,
 * μ the mixture's mean). The winner of each output joins the set when the next output starts (its
 * candidate ids start again at c00000). Meant for random and zero-order search; a resumed run starts the
 * set anew. An oracle: run.json marks runs that use it.
 */
@Extension
public final class OracleFidVerifier extends VerifierFactory.Of<NoConfig> {

  public OracleFidVerifier() {
    super("oracle-fid", "ORACLE: greedy -FID of the run's samples plus the candidate vs the test set (experiments only)",
        NoConfig.class, (config, context) -> new GreedyFid(VerifierNetworks.open(Net.EVALUATOR, null, context),
            testStatistics().testByClass()));
  }

  private static Reference.Stats testStatistics() {
    try {
      return Reference.shipped();
    } catch (IOException e) {
      throw new ConfigException("name", e.getMessage());
    }
  }

  /** The running set and the greedy score. */
  static final class GreedyFid implements Verifier {

    private final Classifier evaluator;
    private final Metrics.Stats[] byClass;
    private final List<float[]> chosen = new ArrayList<>();
    /** How many samples of each class the running set holds (an unconditional one a tenth of each). */
    private final double[] chosenByClass;
    private float[] bestOfOutput;
    private int bestClass;
    private float bestScore = Float.NEGATIVE_INFINITY;

    /** @param byClass the test statistics of each class, by label */
    GreedyFid(Classifier evaluator, Metrics.Stats[] byClass) {
      this.evaluator = evaluator;
      this.byClass = byClass;
      this.chosenByClass = new double[byClass.length];
    }

    @Override
    public boolean oracle() {
      return true;
    }

    /** Each output's winner joins the set the next outputs are scored against: outputs one at a time. */
    @Override
    public Scope scope() {
      return Scope.RUN;
    }

    @Override
    public float[] score(VerifierInput input) {
      if (input.ids().contains("c00000") && bestOfOutput != null) {
        chosen.add(bestOfOutput); // a new output began: the previous one's winner joins the set
        count(chosenByClass, bestClass);
        bestOfOutput = null;
        bestScore = Float.NEGATIVE_INFINITY;
      }
      Classifier.Outputs features = evaluator.run(input.samples());
      int d = features.featureDim();
      float[] out = new float[input.size()];
      for (int i = 0; i < out.length; i++) {
        float[] fi = features.feature(i);
        int label = input.classes()[i];
        out[i] = (float) -distance(fi, d, label);
        if (out[i] > bestScore) {
          bestScore = out[i];
          bestOfOutput = fi;
          bestClass = label;
        }
      }
      return out;
    }

    /** How many winners the running set holds. */
    int chosenCount() {
      return chosen.size();
    }

    /**
     * FID of the chosen set plus {@code f} (of class {@code label}) against the test statistics in the
     * set's class proportions, or the mean term below two samples.
     */
    double distance(float[] f, int d, int label) {
      double[] classes = chosenByClass.clone();
      count(classes, label);
      Metrics.Stats reference = mixture(byClass, classes);
      int n = chosen.size() + 1;
      if (n < 2) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          double diff = f[j] - reference.mean()[j];
          s += diff * diff;
        }
        return s;
      }
      float[] all = new float[n * d];
      for (int i = 0; i < chosen.size(); i++) {
        System.arraycopy(chosen.get(i), 0, all, i * d, d);
      }
      System.arraycopy(f, 0, all, (n - 1) * d, d);
      return Metrics.fid(Metrics.Stats.of(all, n, d), reference);
    }

    /** Adds one sample of class {@code label} to {@code classes}: a tenth to each class when unconditional. */
    private void count(double[] classes, int label) {
      if (label == Denoiser.UNCONDITIONAL) {
        for (int c = 0; c < classes.length; c++) {
          classes[c] += 1.0 / classes.length;
        }
      } else if (label >= 0 && label < classes.length) {
        classes[label]++;
      } else {
        throw new IllegalArgumentException("class " + label + " is not one of the " + classes.length
            + " Fashion-MNIST classes whose test statistics oracle-fid compares with");
      }
    }
  }

  /**
   * The Gaussian moments of the mixture of {@code byClass} with weights proportional to {@code counts}: mean
   * Σ w_c·μ_c, covariance Σ w_c·(Σ_c + μ_c·μ_cᵀ) − μ·μᵀ: for one class its own statistics, for equal
   * weights of the ten classes those of the whole (class-balanced) test set, to within 0.1 % (the classes'
   * covariances are each normalised by their own n − 1).
   */
  static Metrics.Stats mixture(Metrics.Stats[] byClass, double[] counts) {
    int d = byClass[0].dim();
    double total = 0;
    for (double c : counts) {
      total += c;
    }
    double[] mean = new double[d];
    double[][] cov = new double[d][d];
    int n = 0;
    for (int c = 0; c < byClass.length; c++) {
      if (counts[c] == 0) {
        continue;
      }
      double w = counts[c] / total;
      double[] mu = byClass[c].mean();
      double[][] sigma = byClass[c].cov();
      for (int j = 0; j < d; j++) {
        mean[j] += w * mu[j];
        for (int k = 0; k < d; k++) {
          cov[j][k] += w * (sigma[j][k] + mu[j] * mu[k]);
        }
      }
      n += byClass[c].count();
    }
    for (int j = 0; j < d; j++) {
      for (int k = 0; k < d; k++) {
        cov[j][k] -= mean[j] * mean[k];
      }
    }
    return new Metrics.Stats(mean, cov, n);
  }
}
