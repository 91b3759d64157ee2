package dev.diffsearch.plugins.fmnist.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.nets.Edm;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;

/**
 * A trained {@link EdmUNet} seen as a {@link Denoiser}. The network's weights live in the manager it was
 * opened in (the run's model manager); each call works in a sub-manager of the input's manager and hands
 * back only D, attached to the input's manager, so nothing else outlives the call.
 */
public final class FashionMnistDenoiser implements Denoiser {

  private static final Shape SAMPLE = new Shape(1, 28, 28);

  private final EdmUNet net;
  private final ParameterStore store;
  private final String name;
  private final NDManager manager;
  private long macs = -1;

  FashionMnistDenoiser(EdmUNet net, NDManager manager, String name) {
    this.net = net;
    this.store = new ParameterStore(manager, false);
    this.name = name;
    this.manager = manager;
  }

  /** Opens {@code net} (a denoiser) with its shipped weights, or {@code weights} when not null. */
  public static FashionMnistDenoiser open(Net which, NDManager manager, java.nio.file.Path weights) throws java.io.IOException {
    if (!which.isDenoiser()) {
      throw new IllegalArgumentException(which.id() + " is not a denoiser");
    }
    return new FashionMnistDenoiser((EdmUNet) which.open(manager, weights), manager,
        which == Net.DENOISER_L ? "fmnist-l" : "fmnist-s");
  }

  /**
   * The denoiser a pipeline's {@code model} block names: its variant's shipped weights, or its
   * {@code weights} file (relative to the pipeline's directory); a file that cannot be read is a config
   * error at {@code weights} (at {@code variant} for shipped weights).
   */
  static FashionMnistDenoiser open(FashionMnistConfig config, dev.diffsearch.api.spi.ModelContext context) {
    java.nio.file.Path weights = config.weights() == null ? null : context.baseDir().resolve(config.weights());
    try {
      return open(config.net(), context.manager(), weights);
    } catch (java.io.IOException e) {
      throw new dev.diffsearch.api.config.ConfigException(config.weights() == null ? "variant" : "weights", e.getMessage());
    }
  }

  /** fmnist-s or fmnist-l. */
  public String modelName() {
    return name;
  }

  @Override
  public NDArray denoise(NDArray x, NDArray sigma, int[] classes) {
    long b = x.getShape().get(0);
    if (classes.length != b || sigma.getShape().size() != b) {
      throw new IllegalArgumentException(
          "batch of " + b + " rows with " + sigma.getShape().size() + " sigmas and " + classes.length + " classes");
    }
    return Edm.denoise(x, sigma, SAMPLE,
        (scope, xs, s) -> net.forward(store, new NDList(xs, s, EdmUNet.oneHot(scope, classes)), false).singletonOrThrow());
  }

  /** Counted once, on a forward pass of one row (the network's MACs do not depend on the input's values). */
  @Override
  public synchronized long macsPerPass() {
    if (macs < 0) {
      try (NDManager scope = manager.newSubManager()) {
        long counted;
        dev.diffsearch.nets.NetBlock.Macs.start();
        try {
          denoise(scope.zeros(new Shape(1, 1, 28, 28)), scope.ones(new Shape(1)), new int[] {0});
        } finally {
          counted = dev.diffsearch.nets.NetBlock.Macs.stop();
        }
        macs = counted;
      }
    }
    return macs;
  }

  @Override
  public Shape sampleShape() {
    return SAMPLE;
  }

  @Override
  public int numClasses() {
    return FashionMnist.CLASSES;
  }

  /** Parameters of the network. */
  public long parameterCount() {
    return net.parameterCount();
  }
}
