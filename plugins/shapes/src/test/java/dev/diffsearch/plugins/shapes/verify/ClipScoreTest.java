package dev.diffsearch.plugins.shapes.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.plugins.shapes.clip.ClipTraining;
import dev.diffsearch.plugins.shapes.world.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code clip-score} verifier on real renders of held-out compositions: a render scores its
 * own caption above the same caption with two colours swapped, and above other scenes' captions.
 */
class ClipScoreTest {

  private static final int N = 200;

  @Test
  void theTrueCaptionBeatsItsSwappedColoursAndOtherScenesCaptions() {
    ClipTraining.SwappedColours pairs = ClipTraining.SwappedColours.of(Split.HELD_OUT, N, 99);
    List<float[]> images = pairs.images();
    List<String> right = pairs.captions();
    List<String> swapped = pairs.swapped();
    try (NDManager m = NDManager.newBaseManager()) {
      Verifier clip = new ClipScoreVerifier().create(new ClipScoreConfig(null), new ModelContext(m, Path.of(".")));
      assertThat(clip.needs()).isEqualTo(Verifier.Needs.PROMPT);
      float[] a = score(clip, m, images, right);
      float[] b = score(clip, m, images, swapped);
      List<String> shifted = new ArrayList<>(right.subList(1, N));
      shifted.add(right.get(0));
      float[] c = score(clip, m, images, shifted);
      int beatsSwap = 0;
      int beatsOther = 0;
      for (int i = 0; i < N; i++) {
        beatsSwap += a[i] > b[i] ? 1 : 0;
        beatsOther += a[i] > c[i] ? 1 : 0;
        assertThat(a[i]).isBetween(-100f, 100f);
      }
      System.out.printf("clip-score: caption beats swapped colours %.3f, beats another scene's caption %.3f%n", beatsSwap / (double) N, beatsOther / (double) N);
      assertThat(beatsSwap / (double) N).isGreaterThanOrEqualTo(0.75);
      assertThat(beatsOther / (double) N).isGreaterThanOrEqualTo(0.95);
      // one batch with two prompts scores each row against its own prompt
      float[] mixed = score(clip, m, images.subList(0, 2), List.of(right.get(0), swapped.get(1)));
      assertThat(mixed[0]).isCloseTo(a[0], within(1e-3f));
      assertThat(mixed[1]).isCloseTo(b[1], within(1e-3f));
    }
  }

  private static float[] score(Verifier v, NDManager m, List<float[]> images, List<String> prompts) {
    return QualityVerifiersTest.score(v, m, images, prompts);
  }
}
