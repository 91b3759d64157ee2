package dev.diffsearch.plugins.fmnist.net;

import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Images the tests of the shipped networks run them on. */
final class TestImages {

  private TestImages() {}

  /** The first 1000 images of the Fashion-MNIST test split. */
  static FashionMnist.Data first1000() {
    try {
      return FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST).head(1000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
