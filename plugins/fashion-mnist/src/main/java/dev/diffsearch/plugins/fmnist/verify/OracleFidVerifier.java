package dev.diffsearch.plugins.fmnist.verify;

import dev.diffsearch.api.config.ConfigException;
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
 * samples so far plus itself, in the evaluator's feature space, against the shipped statistics of the
 * 10k test images; while the set has fewer than two samples, −‖f − μ_ref‖² (the mean term). The winner of
 * each output joins the set when the next output starts (its candidate ids start again at c00000).
 * Meant for random and zero-order search; a resumed run starts the set anew. An oracle: run.json marks
 * runs that use it.
 */
@Extension
public final class OracleFidVerifier extends VerifierFactory.Of<NoConfig> {

  public OracleFidVerifier() {
    super("oracle-fid", "ORACLE: greedy -FID of the run's samples plus the candidate vs the test set (experiments only)",
        NoConfig.class, (config, context) -> new GreedyFid(VerifierNetworks.open(Net.EVALUATOR, null, context), testStatistics()));
  }

  private static Metrics.Stats testStatistics() {
    try {
      return Reference.shipped().test();
    } catch (IOException e) {
      throw new ConfigException("name", e.getMessage());
    }
  }

  /** The running set and the greedy score. */
  static final class GreedyFid implements Verifier {

    private final Classifier evaluator;
    private final Metrics.Stats reference;
    private final List<float[]> chosen = new ArrayList<>();
    private float[] bestOfOutput;
    private float bestScore = Float.NEGATIVE_INFINITY;

    GreedyFid(Classifier evaluator, Metrics.Stats reference) {
      this.evaluator = evaluator;
      this.reference = reference;
    }

    @Override
    public boolean oracle() {
      return true;
    }

    @Override
    public float[] score(VerifierInput input) {
      if (input.ids().contains("c00000") && bestOfOutput != null) {
        chosen.add(bestOfOutput); // a new output began: the previous one's winner joins the set
        bestOfOutput = null;
        bestScore = Float.NEGATIVE_INFINITY;
      }
      Classifier.Outputs features = evaluator.run(input.samples());
      int d = features.featureDim();
      float[] out = new float[input.size()];
      for (int i = 0; i < out.length; i++) {
        float[] fi = features.feature(i);
        out[i] = (float) -distance(fi, d);
        if (out[i] > bestScore) {
          bestScore = out[i];
          bestOfOutput = fi;
        }
      }
      return out;
    }

    /** How many winners the running set holds. */
    int chosenCount() {
      return chosen.size();
    }

    /** FID of the chosen set plus {@code f} against the reference, or the mean term below two samples. */
    double distance(float[] f, int d) {
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
  }
}
