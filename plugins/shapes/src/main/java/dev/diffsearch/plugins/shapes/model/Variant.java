package dev.diffsearch.plugins.shapes.model;

/** The two denoisers of the shapes world, about 4× apart in compute (as fmnist-s and fmnist-l). */
public enum Variant {
  S("shapes-s", "denoiser-s", 32),
  L("shapes-l", "denoiser-l", 64);

  private final String modelName;
  private final String netId;
  private final int width;

  Variant(String modelName, String netId, int width) {
    this.modelName = modelName;
    this.netId = netId;
    this.width = width;
  }

  /** shapes-s or shapes-l: the model's name in run files. */
  public String modelName() {
    return modelName;
  }

  /** denoiser-s or denoiser-l: the network's name in training and weights files. */
  public String netId() {
    return netId;
  }

  /** A new, uninitialised network of this size. */
  TextUNet newNet() {
    return new TextUNet(width);
  }

  /** The shipped weights, a resource of this plugin. */
  String resource() {
    return "/dev/diffsearch/plugins/shapes/weights/" + netId + ".params";
  }

  /** The variant a config names: s or l. */
  public static Variant of(String name) {
    return switch (name) {
      case "s" -> S;
      case "l" -> L;
      default -> throw new IllegalArgumentException("must be s or l, got '" + name + "'");
    };
  }
}
