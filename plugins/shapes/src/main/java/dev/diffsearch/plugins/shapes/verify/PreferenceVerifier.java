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
import dev.diffsearch.plugins.shapes.quality.PreferenceNet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/**
 * {@code preference}: the shapes world's analog of ImageReward, a reward of (prompt, image) learnt by
 * Bradley–Terry from pairwise preferences that a hidden rule derives from scene-graph agreement and quality.
 * Needs a prompt.
 */
@Extension
public final class PreferenceVerifier extends VerifierFactory.Of<AestheticConfig> {

  static final String SHIPPED = "/dev/diffsearch/plugins/shapes/weights/preference.params";

  public PreferenceVerifier() {
    super("preference", "reward of prompt and image learnt from pairwise preferences (ImageReward analog; needs a prompt)",
        AestheticConfig.class, PreferenceVerifier::open);
  }

  private static Verifier open(AestheticConfig config, ModelContext context) {
    Path encoder = config.encoder() == null ? null : context.baseDir().resolve(config.encoder());
    Path weights = config.weights() == null ? null : context.baseDir().resolve(config.weights());
    try {
      DualEncoder dual = DualEncoder.open(context.manager(), encoder);
      Block net = ParamFile.load(new PreferenceNet(), context.manager(), PreferenceNet.inputShapes(1), weights,
          PreferenceVerifier.class, SHIPPED, "train them with: diffsearch shapes train preference");
      return new Reward(dual, net, new ParameterStore(context.manager(), false));
    } catch (IOException e) {
      throw new ConfigException(config.weights() == null && config.encoder() == null ? "name" : "weights", e.getMessage());
    }
  }

  /** Scores each candidate by the learnt reward of its image for its prompt. */
  record Reward(DualEncoder encoder, Block net, ParameterStore store) implements Verifier {
    @Override
    public Needs needs() {
      return Needs.PROMPT;
    }

    @Override
    public float[] score(VerifierInput input) {
      List<String> prompts = new ArrayList<>(input.size());
      for (int i = 0; i < input.size(); i++) {
        prompts.add(input.prompt(i).text());
      }
      NDArray samples = input.samples();
      try (NDManager m = samples.getManager().newSubManager()) {
        NDArray x = samples.duplicate();
        x.attach(m);
        return net.forward(store, new NDList(encoder.images(x), encoder.texts(m, prompts)), false).get(0).toFloatArray();
      }
    }
  }
}
