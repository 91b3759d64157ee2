package dev.diffsearch.plugins.fmnist.net;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.diffsearch.nets.ParamFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** The four networks of the plugin, their shipped weights and how to open them. */
public enum Net {
  /** fmnist-s: the small class-conditional EDM denoiser (U-Net width 32). */
  DENOISER_S("denoiser-s", 32),
  /** fmnist-l: the large one (width 64, about 4× the compute per NFE). */
  DENOISER_L("denoiser-l", 64),
  /** The verifier classifier (class-logit and self-supervised verifiers). */
  VERIFIER("verifier", 0),
  /** The evaluator classifier (eval command only). */
  EVALUATOR("evaluator", 0);

  public static final String RESOURCE_DIR = "/dev/diffsearch/plugins/fmnist/weights/";

  private final String id;
  private final int width;

  Net(String id, int width) {
    this.id = id;
    this.width = width;
  }

  public String id() {
    return id;
  }

  public boolean isDenoiser() {
    return width > 0;
  }

  /** A new, uninitialised network of this kind. */
  public Block newBlock() {
    return switch (this) {
      case DENOISER_S, DENOISER_L -> new EdmUNet(width);
      case VERIFIER -> new VerifierNet();
      case EVALUATOR -> new EvaluatorNet();
    };
  }

  /** The input shapes {@code initialize} wants for a batch. */
  public Shape[] inputShapes(int batch) {
    return isDenoiser() ? EdmUNet.inputShapes(batch) : VerifierNet.inputShapes(batch);
  }

  /** The jar resource holding the shipped weights. */
  public String resource() {
    return RESOURCE_DIR + id + ".params";
  }

  public static Net parse(String s) {
    for (Net n : values()) {
      if (n.id.equals(s.toLowerCase(Locale.ROOT))) {
        return n;
      }
    }
    throw new IllegalArgumentException(
        "unknown network '" + s + "' (known: " + String.join(", ", Arrays.stream(values()).map(Net::id).toList()) + ")");
  }

  /**
   * Creates the network in {@code manager} and loads its weights: from {@code file} when given (a
   * weights file written by {@code fashion-mnist train}), else the shipped ones.
   */
  Block open(NDManager manager, Path file) throws IOException {
    return ParamFile.load(newBlock(), manager, inputShapes(1), file, Net.class, resource(),
        "train them with: diffsearch fashion-mnist train " + id);
  }
}
