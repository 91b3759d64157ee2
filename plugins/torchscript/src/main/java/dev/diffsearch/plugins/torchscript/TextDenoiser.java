package dev.diffsearch.plugins.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.denoise.Parameterization;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text-conditioned TorchScript model in EDM form. {@link #encode} turns an output's prompts into their
 * token embeddings once (a text encoder's forward pass, or rows of precomputed embeddings); every
 * {@link #denoise(NDArray, NDArray, Conditioning)} gathers each row's embeddings from that encoding and
 * calls {@code forward(x, noise_level, text, text_mask)} in the model's parameterization. The null
 * condition is the empty prompt, encoded like any prompt, so classifier-free guidance works as for
 * class labels.
 *
 * @param file how messages name the module
 */
record TextDenoiser(TorchScriptNetwork network, Parameterization parameterization, Shape sampleShape, TextSource text,
    String file) implements Denoiser {

  /** Guidance's unconditional rows, and outputs without a prompt: the empty prompt. */
  static final Condition EMPTY_PROMPT = Condition.ofPrompt(new Condition.Prompt("empty", ""));

  @Override
  public NDArray denoise(NDArray x, NDArray sigma, int[] classes) {
    throw new IllegalStateException("torchscript: module " + file
        + " is text-conditioned (model.text): it reads prompts, not class labels");
  }

  @Override
  public NDArray denoise(NDArray x, NDArray sigma, Conditioning conditioning) {
    if (!(conditioning.encoding() instanceof TextEncoding encoding)
        || encoding.prompts() != conditioning.conditions().size()) {
      throw new IllegalStateException("torchscript: module " + file
          + " was called without the encoding of its prompts (encode them once per output)");
    }
    TextEncoding rows = encoding.gather(conditioning.rows());
    int[] none = new int[conditioning.size()];
    Arrays.fill(none, UNCONDITIONAL);
    return parameterization.adapt((xs, level, classes) -> network.forwardText(xs, level, rows), sampleShape, 0)
        .denoise(x, sigma, none);
  }

  /** Each condition's prompt (the empty prompt for none) through the text source, all in one batch. */
  @Override
  public Object encode(List<Condition> conditions) {
    List<String> texts = new ArrayList<>(conditions.size());
    for (Condition c : conditions) {
      if (!c.hasPrompt() && c.hasClass()) {
        throw new ConfigException("conditions", "torchscript: module " + file
            + " is text-conditioned (model.text): set conditions.prompts or conditions.prompts-file, not class "
            + c.classLabel());
      }
      texts.add(c.hasPrompt() ? c.prompt().text() : "");
    }
    return text.encode(texts);
  }

  @Override
  public Condition nullCondition() {
    return EMPTY_PROMPT;
  }

  @Override
  public boolean readsPrompts() {
    return true;
  }
}
