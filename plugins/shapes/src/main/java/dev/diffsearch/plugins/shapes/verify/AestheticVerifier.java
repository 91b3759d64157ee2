package dev.diffsearch.plugins.shapes.verify;

import ai.djl.ndarray.NDList;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierFactory;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.plugins.shapes.quality.QualityHead;
import org.pf4j.Extension;

/**
 * {@code aesthetic}: the shapes world's analog of the LAION aesthetic predictor, a quality score (0–10) from a
 * head on the dual encoder's image embedding, trained on graded damage to renders (blur, noise, clutter,
 * broken shapes). Reads no prompt.
 */
@Extension
public final class AestheticVerifier extends VerifierFactory.Of<AestheticConfig> {

  public AestheticVerifier() {
    super("aesthetic", "quality 0-10 predicted from the shapes dual encoder's image embedding (reads no prompt)",
        AestheticConfig.class, (config, context) -> new Quality(EncoderHead.load(config, context, new QualityHead(),
            QualityHead.inputShapes(1), "/dev/diffsearch/plugins/shapes/weights/aesthetic.params", "aesthetic")));
  }

  /** Scores each candidate by the predicted quality of its image. */
  record Quality(EncoderHead net) implements Verifier {

    /** Each row is scored alone. */
    @Override
    public Scope scope() {
      return Scope.ROW;
    }
    @Override
    public float[] score(VerifierInput input) {
      return EncoderHead.scoped(input,
          (m, x) -> net.head().forward(net.store(), new NDList(net.encoder().images(x)), false).get(0).toFloatArray());
    }
  }
}
