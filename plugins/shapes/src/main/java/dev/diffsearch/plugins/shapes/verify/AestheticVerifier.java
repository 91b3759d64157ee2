package dev.diffsearch.plugins.shapes.verify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierFactory;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.nets.ParamFile;
import dev.diffsearch.plugins.shapes.clip.DualEncoder;
import dev.diffsearch.plugins.shapes.quality.QualityHead;
import java.io.IOException;
import java.nio.file.Path;
import org.pf4j.Extension;

/**
 * {@code aesthetic}: the shapes world's analog of the LAION aesthetic predictor, a quality score (0–10) from a
 * head on the dual encoder's image embedding, trained on graded damage to renders (blur, noise, clutter,
 * broken shapes). Reads no prompt.
 */
@Extension
public final class AestheticVerifier extends VerifierFactory.Of<AestheticConfig> {

  static final String SHIPPED = "/dev/diffsearch/plugins/shapes/weights/aesthetic.params";

  public AestheticVerifier() {
    super("aesthetic", "quality 0-10 predicted from the shapes dual encoder's image embedding (reads no prompt)",
        AestheticConfig.class, AestheticVerifier::open);
  }

  private static Verifier open(AestheticConfig config, ModelContext context) {
    Path encoder = config.encoder() == null ? null : context.baseDir().resolve(config.encoder());
    Path weights = config.weights() == null ? null : context.baseDir().resolve(config.weights());
    try {
      DualEncoder dual = DualEncoder.open(context.manager(), encoder);
      Block head = ParamFile.load(new QualityHead(), context.manager(), QualityHead.inputShapes(1), weights,
          AestheticVerifier.class, SHIPPED, "train them with: diffsearch shapes train aesthetic");
      return new Quality(dual, head, new ParameterStore(context.manager(), false));
    } catch (IOException e) {
      throw new ConfigException(config.weights() == null && config.encoder() == null ? "name" : "weights", e.getMessage());
    }
  }

  /** Scores each candidate by the predicted quality of its image. */
  record Quality(DualEncoder encoder, Block head, ParameterStore store) implements Verifier {
    @Override
    public float[] score(VerifierInput input) {
      NDArray samples = input.samples();
      try (NDManager m = samples.getManager().newSubManager()) {
        NDArray x = samples.duplicate();
        x.attach(m);
        return head.forward(store, new NDList(encoder.images(x)), false).get(0).toFloatArray();
      }
    }
  }
}
