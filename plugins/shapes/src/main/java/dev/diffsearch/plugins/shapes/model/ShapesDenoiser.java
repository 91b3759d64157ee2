package dev.diffsearch.plugins.shapes.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.nets.Edm;
import dev.diffsearch.plugins.shapes.clip.DualEncoder;
import dev.diffsearch.plugins.shapes.world.Canvas;
import java.util.ArrayList;
import java.util.List;

/**
 * A shapes text-to-image denoiser in EDM form: {@link #encode} runs the frozen dual encoder once over an
 * output's prompts (and the empty prompt, guidance's null condition); every {@link #denoise} call gathers
 * each row's prompt features from that encoding.
 */
public final class ShapesDenoiser implements Denoiser {

  /** The null condition: the empty prompt, trained by prompt dropout. */
  static final Condition EMPTY_PROMPT = Condition.ofPrompt(new Condition.Prompt("empty", ""));

  private static final Shape SAMPLE = new Shape(Canvas.CHANNELS, Canvas.SIZE, Canvas.SIZE);

  private final TextUNet net;
  private final ParameterStore store;
  private final DualEncoder encoder;
  private final NDManager manager;
  private final String name;

  ShapesDenoiser(TextUNet net, NDManager manager, DualEncoder encoder, String name) {
    this.net = net;
    this.store = new ParameterStore(manager, false);
    this.encoder = encoder;
    this.manager = manager;
    this.name = name;
  }

  /** shapes-s or shapes-l. */
  public String modelName() {
    return name;
  }

  @Override
  public boolean readsPrompts() {
    return true;
  }

  @Override
  public Condition nullCondition() {
    return EMPTY_PROMPT;
  }

  @Override
  public Object encode(List<Condition> conditions) {
    List<String> texts = new ArrayList<>(conditions.size());
    for (Condition c : conditions) {
      texts.add(c.hasPrompt() ? c.prompt().text() : "");
    }
    return PromptEncoding.of(encoder, manager, texts);
  }

  @Override
  public NDArray denoise(NDArray x, NDArray sigma, int[] classes) {
    throw new IllegalArgumentException(name + " reads prompts, not class labels");
  }

  @Override
  public NDArray denoise(NDArray x, NDArray sigma, Conditioning conditioning) {
    if (!(conditioning.encoding() instanceof PromptEncoding prompts)) {
      throw new IllegalStateException(name + " was called without the encoding of its prompts (encode them once per output)");
    }
    long b = x.getShape().get(0);
    if (conditioning.size() != b || sigma.getShape().size() != b) {
      throw new IllegalArgumentException(
          "batch of " + b + " rows with " + sigma.getShape().size() + " sigmas and " + conditioning.size() + " conditions");
    }
    return Edm.denoise(x, sigma, SAMPLE, (scope, xs, s) -> {
      NDArray[] text = prompts.gather(scope, conditioning.rows());
      return net.forward(store, new NDList(xs, s, text[0], text[1], text[2]), false).singletonOrThrow();
    });
  }

  @Override
  public Shape sampleShape() {
    return SAMPLE;
  }
}
