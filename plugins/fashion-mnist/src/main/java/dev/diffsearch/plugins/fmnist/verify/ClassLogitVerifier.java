package dev.diffsearch.plugins.fmnist.verify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierFactory;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import dev.diffsearch.plugins.fmnist.net.Classifier;
import org.pf4j.Extension;

/**
 * {@code class-logit}: the verifier classifier's logit of the conditioning class for the final sample
 * (the supervised verifier; the analog of the paper's DINO/CLIP linear-head logit). Needs a class.
 */
@Extension
public final class ClassLogitVerifier extends VerifierFactory.Of<ClassLogitConfig> {

  public ClassLogitVerifier() {
    super("class-logit",
        "logit of the conditioning class under the fashion-mnist verifier classifier (needs a class)",
        ClassLogitConfig.class, ClassLogitVerifier::classLogit);
  }

  private static Verifier classLogit(ClassLogitConfig config, ModelContext context) {
    Classifier classifier = VerifierNetworks.open(config.weights(), context);
    return new Verifier() {
      @Override
      public boolean needsCondition() {
        return true;
      }

      @Override
      public float[] score(VerifierInput input) {
        int b = input.size();
        int[] classes = input.classes();
        float[] logits;
        NDArray samples = input.samples();
        try (NDManager m = samples.getManager().newSubManager()) {
          NDArray x = samples.duplicate();
          x.attach(m);
          logits = classifier.forward(x.reshape(b, 1, 28, 28)).get(0).toFloatArray();
        }
        float[] out = new float[b];
        for (int i = 0; i < b; i++) {
          if (classes[i] == Denoiser.UNCONDITIONAL) {
            throw new IllegalArgumentException("class-logit needs a class for every candidate (" + input.ids().get(i) + " has none)");
          }
          out[i] = logits[i * FashionMnist.CLASSES + classes[i]];
        }
        return out;
      }
    };
  }
}
