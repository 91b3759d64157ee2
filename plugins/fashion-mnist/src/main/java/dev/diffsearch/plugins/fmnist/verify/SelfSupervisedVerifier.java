package dev.diffsearch.plugins.fmnist.verify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierFactory;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.plugins.fmnist.net.Classifier;
import dev.diffsearch.plugins.fmnist.net.Net;
import org.pf4j.Extension;

/**
 * {@code self-supervised}: cosine similarity between the verifier network's penultimate features of the
 * clean prediction x̂0 tapped at σ = 0.4 (configurable) and of the final sample (the paper's
 * self-supervised verifier, DINO features there). Needs no label.
 */
@Extension
public final class SelfSupervisedVerifier extends VerifierFactory.Of<SelfSupervisedConfig> {

  public SelfSupervisedVerifier() {
    super("self-supervised", "cosine similarity of verifier features of x0-hat at sigma=0.4 and of the final sample (no label)",
        SelfSupervisedConfig.class,
        (config, context) -> new Cosine(VerifierNetworks.open(Net.VERIFIER, config.weights(), context), config.sigma()));
  }

  /** Cosine of the verifier network's features of the sample and of x̂0 tapped at {@code sigma}. */
  private record Cosine(Classifier classifier, double sigma) implements Verifier {

    /** Each row is scored alone. */
    @Override
    public Scope scope() {
      return Scope.ROW;
    }

    @Override
    public double[] tapSigmas() {
      return new double[] {sigma};
    }

    @Override
    public float[] score(VerifierInput input) {
      NDArray tap = input.taps().get(sigma);
      if (tap == null) {
        throw new IllegalStateException("self-supervised verifier: the search gave no clean prediction tapped at sigma="
            + sigma + " (taps: " + input.taps().keySet() + ")");
      }
      int b = input.size();
      NDArray samples = input.samples();
      try (NDManager m = samples.getManager().newSubManager()) {
        NDArray s = samples.duplicate();
        s.attach(m);
        NDArray t = tap.duplicate();
        t.attach(m);
        NDArray both = s.reshape(b, 1, 28, 28).concat(t.reshape(b, 1, 28, 28), 0);
        NDArray f = classifier.forward(both).get(1);
        NDArray a = f.get("0:" + b);
        NDArray c = f.get(b + ":");
        NDArray dot = a.mul(c).sum(new int[] {1});
        NDArray norms = a.norm(new int[] {1}).mul(c.norm(new int[] {1})).maximum(1e-12f);
        return dot.div(norms).toFloatArray();
      }
    }
  }
}
