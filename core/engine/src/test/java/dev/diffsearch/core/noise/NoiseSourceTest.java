package dev.diffsearch.core.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NoiseSourceTest {

  @Test
  void sameSeedAndOutputGiveTheSameDraws() {
    NoiseSource a = new NoiseSource(42, 3);
    NoiseSource b = new NoiseSource(42, 3);
    for (int i = 0; i < 5; i++) {
      assertThat(a.gaussian(100)).containsExactly(b.gaussian(100));
    }
  }

  @Test
  void outputsSeedsAndDrawsAreIndependentStreams() {
    float[] first = new NoiseSource(42, 3).gaussian(50);
    assertThat(new NoiseSource(42, 4).gaussian(50)).isNotEqualTo(first);
    assertThat(new NoiseSource(43, 3).gaussian(50)).isNotEqualTo(first);
    NoiseSource s = new NoiseSource(42, 3);
    s.gaussian(50);
    assertThat(s.gaussian(50)).isNotEqualTo(first);
  }

  @Test
  void drawsAreStandardNormal() {
    float[] v = new NoiseSource(1, 0).gaussian(200_000);
    double mean = 0;
    double sq = 0;
    for (float f : v) {
      mean += f;
      sq += f * f;
    }
    mean /= v.length;
    double var = sq / v.length - mean * mean;
    assertThat(mean).isCloseTo(0, within(0.01));
    assertThat(var).isCloseTo(1, within(0.01));
  }

  @Test
  void aBatchOfDrawsEqualsTheDrawsOneByOne() {
    NoiseSource single = new NoiseSource(7, 1);
    NoiseSource batch = new NoiseSource(7, 1);
    single.uniform();
    batch.uniform();
    int count = 200;
    java.util.List<float[]> drawn = batch.gaussians(count, 784);
    assertThat(batch.draws()).isEqualTo(1 + count);
    for (int i = 0; i < count; i++) {
      assertThat(drawn.get(i)).as("draw %d", i).containsExactly(single.gaussian(784));
    }
    assertThat(batch.gaussian(5)).containsExactly(single.gaussian(5));
  }
}
