package dev.diffsearch.plugins.fmnist.data;

import dev.diffsearch.api.io.Idx;
import dev.diffsearch.api.io.IdxException;
import java.nio.file.Path;

/** The Fashion-MNIST files of Debian's {@code dataset-fashion-mnist}, loaded as model-ready arrays. */
public final class FashionMnist {

  /** How to get the files when they are missing. */
  public static final String INSTALL_HINT = "apt-get install -y dataset-fashion-mnist";

  /** Where Debian installs the dataset. */
  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  public static final int CLASSES = 10;
  public static final int SIDE = 28;
  public static final int PIXELS = SIDE * SIDE;

  /** Class names, index = label. */
  public static final String[] CLASS_NAMES = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
  };

  private FashionMnist() {}

  /** The two splits and their file prefixes. */
  public enum Split {
    TRAIN("train"),
    TEST("t10k");

    private final String prefix;

    Split(String prefix) {
      this.prefix = prefix;
    }

    public Path images(Path dir) {
      return dir.resolve(prefix + "-images-idx3-ubyte.gz");
    }

    public Path labels(Path dir) {
      return dir.resolve(prefix + "-labels-idx1-ubyte.gz");
    }
  }

  /**
   * A split in memory.
   *
   * @param x pixels in [−1, 1], {@code [n, 784]} flattened
   * @param labels class of each image
   */
  public record Data(float[] x, int[] labels) {

    public int size() {
      return labels.length;
    }

    /** The first {@code n} images (or all if fewer). */
    public Data head(int n) {
      int k = Math.min(n, size());
      return new Data(java.util.Arrays.copyOf(x, k * PIXELS), java.util.Arrays.copyOf(labels, k));
    }

    /** Image {@code i}. */
    public float[] image(int i) {
      return java.util.Arrays.copyOfRange(x, i * PIXELS, (i + 1) * PIXELS);
    }
  }

  /** Loads a split from {@code dir}, checking that images are 28×28 and that counts agree. */
  public static Data load(Path dir, Split split) throws IdxException {
    Path imageFile = split.images(dir);
    Idx.Images images = Idx.readImages(imageFile, INSTALL_HINT);
    if (images.rows() != SIDE || images.cols() != SIDE) {
      throw new IdxException(imageFile, "images are " + images.rows() + "x" + images.cols() + ", expected 28x28");
    }
    Path labelFile = split.labels(dir);
    int[] labels = Idx.readLabels(labelFile, INSTALL_HINT);
    if (labels.length != images.count()) {
      throw new IdxException(labelFile, labels.length + " labels for " + images.count() + " images in " + imageFile.getFileName());
    }
    for (int l : labels) {
      if (l >= CLASSES) {
        throw new IdxException(labelFile, "label " + l + " is out of range 0..9");
      }
    }
    return new Data(images.scaledAll(), labels);
  }
}
