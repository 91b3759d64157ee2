package dev.diffsearch.plugins.fmnist.verify;

import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.plugins.fmnist.net.Classifier;

/**
 * A verifier that scores each candidate by a classifier's output for the candidate's conditioning class;
 * a row without a class is refused with one line naming the verifier and the candidate.
 *
 * @param name the verifier's name, for errors
 * @param rule the score of a row of the classifier's outputs under its class
 * @param oracle whether {@code classifier} is the network the evaluation measures with
 */
record ClassScore(String name, Classifier classifier, Rule rule, boolean oracle) implements Verifier {

  /** Each row is scored alone. */
  @Override
  public Scope scope() {
    return Scope.ROW;
  }

  /** The score of row {@code i} of a classifier's outputs, conditioned on class {@code c}. */
  @FunctionalInterface
  interface Rule {
    float score(Classifier.Outputs out, int i, int c);
  }

  @Override
  public float[] score(VerifierInput input) {
    Classifier.Outputs out = classifier.run(input.samples());
    int[] classes = input.classes();
    float[] scores = new float[input.size()];
    for (int i = 0; i < scores.length; i++) {
      if (classes[i] == Denoiser.UNCONDITIONAL) {
        throw new IllegalArgumentException(name + " needs a class for every candidate (" + input.ids().get(i) + " has none)");
      }
      scores[i] = rule.score(out, i, classes[i]);
    }
    return scores;
  }

  @Override
  public boolean needsCondition() {
    return true;
  }
}
