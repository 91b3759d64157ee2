package dev.diffsearch.plugins.fmnist.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;

/**
 * A loaded classifier network (verifier or evaluator) for inference: logits and features of batches.
 * The network's parameters live in the manager it was opened in; every call scopes its temporaries.
 */
public final class Classifier {

  private final Block net;
  private final ParameterStore store;

  /** A classifier over {@code net}, an initialised verifier or evaluator network with its parameters in {@code manager}. */
  public Classifier(Block net, NDManager manager) {
    this.net = net;
    this.store = new ParameterStore(manager, false);
  }

  /** Opens a classifier with its shipped weights, or with {@code weights} when not null. */
  public static Classifier open(Net which, NDManager manager, java.nio.file.Path weights) throws java.io.IOException {
    return new Classifier(which.open(manager, weights), manager);
  }

  /** (logits [B,10], features [B,F]) of {@code x} [B,1,28,28], in {@code x}'s manager. */
  public NDList forward(NDArray x) {
    return net.forward(store, new NDList(x), false);
  }

  /**
   * Logits and features of a batch of samples {@code [B, ...]} (28×28 values each), computed in a scope
   * below the samples' manager: what the plugin's verifiers score candidates with.
   */
  public Outputs run(NDArray samples) {
    int b = Math.toIntExact(samples.getShape().get(0));
    try (NDManager m = samples.getManager().newSubManager()) {
      NDArray x = samples.duplicate();
      x.attach(m);
      NDList out = forward(x.reshape(b, 1, 28, 28));
      float[] features = out.get(1).toFloatArray();
      return new Outputs(out.get(0).toFloatArray(), features, features.length / b);
    }
  }

  /** Logits and features of many images. */
  public record Outputs(float[] logits, float[] features, int featureDim) {

    public int size() {
      return logits.length / FashionMnist.CLASSES;
    }

    /** The row's feature vector. */
    public float[] feature(int i) {
      return java.util.Arrays.copyOfRange(features, i * featureDim, (i + 1) * featureDim);
    }

    /** The class of row i's largest logit. */
    public int argmax(int i) {
      int best = 0;
      for (int c = 1; c < FashionMnist.CLASSES; c++) {
        if (logits[i * FashionMnist.CLASSES + c] > logits[i * FashionMnist.CLASSES + best]) {
          best = c;
        }
      }
      return best;
    }

    /** Row i's logit of class {@code c}. */
    public float logit(int i, int c) {
      return logits[i * FashionMnist.CLASSES + c];
    }

    /** Softmax probabilities of row i. */
    public double[] probabilities(int i) {
      int k = FashionMnist.CLASSES;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, logits[i * k + c]);
      }
      double[] p = new double[k];
      double sum = 0;
      for (int c = 0; c < k; c++) {
        p[c] = Math.exp(logits[i * k + c] - max);
        sum += p[c];
      }
      for (int c = 0; c < k; c++) {
        p[c] /= sum;
      }
      return p;
    }
  }

  /** Runs {@code n} flattened 28×28 images in [−1, 1] through the network in batches. */
  public Outputs run(float[] images, int n, NDManager parent) {
    int d = FashionMnist.PIXELS;
    int b = 250;
    float[] logits = new float[n * FashionMnist.CLASSES];
    float[] feats = null;
    int fd = 0;
    for (int start = 0; start < n; start += b) {
      int k = Math.min(b, n - start);
      try (NDManager m = parent.newSubManager()) {
        NDArray x = m.create(java.util.Arrays.copyOfRange(images, start * d, (start + k) * d), new Shape(k, 1, 28, 28));
        NDList out = forward(x);
        float[] l = out.get(0).toFloatArray();
        float[] f = out.get(1).toFloatArray();
        if (feats == null) {
          fd = f.length / k;
          feats = new float[n * fd];
        }
        System.arraycopy(l, 0, logits, start * FashionMnist.CLASSES, l.length);
        System.arraycopy(f, 0, feats, start * fd, f.length);
      }
    }
    return new Outputs(logits, feats == null ? new float[0] : feats, fd);
  }

  /** Fraction of {@code data} classified correctly. */
  public static double accuracy(Classifier c, FashionMnist.Data data) {
    try (NDManager m = NDManager.newBaseManager()) {
      Outputs out = c.run(data.x(), data.size(), m);
      int right = 0;
      for (int i = 0; i < data.size(); i++) {
        right += out.argmax(i) == data.labels()[i] ? 1 : 0;
      }
      return (double) right / data.size();
    }
  }
}
