package dev.diffsearch.plugins.shapes.verify;

import ai.djl.ndarray.NDList;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierFactory;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.plugins.shapes.quality.PreferenceNet;
import java.util.List;
import org.pf4j.Extension;

/**
 * {@code preference}: the shapes world's analog of ImageReward, a reward of (prompt, image) learnt by
 * Bradley–Terry from pairwise preferences that a hidden rule derives from scene-graph agreement and quality.
 * Needs a prompt.
 */
@Extension
public final class PreferenceVerifier extends VerifierFactory.Of<AestheticConfig> {

  public PreferenceVerifier() {
    super("preference", "reward of prompt and image learnt from pairwise preferences (ImageReward analog; needs a prompt)",
        AestheticConfig.class, (config, context) -> new Reward(EncoderHead.load(config, context, new PreferenceNet(),
            PreferenceNet.inputShapes(1), "/dev/diffsearch/plugins/shapes/weights/preference.params", "preference")));
  }

  /** Scores each candidate by the learnt reward of its image for its prompt. */
  record Reward(EncoderHead net) implements Verifier {

    /** Each row is scored alone. */
    @Override
    public Scope scope() {
      return Scope.ROW;
    }
    @Override
    public Needs needs() {
      return Needs.PROMPT;
    }

    @Override
    public float[] score(VerifierInput input) {
      List<String> prompts = input.conditions().stream().map(c -> c.prompt().text()).toList();
      return EncoderHead.scoped(input, (m, x) -> net.head()
          .forward(net.store(), new NDList(net.encoder().images(x), net.encoder().texts(m, prompts)), false).get(0).toFloatArray());
    }
  }
}
