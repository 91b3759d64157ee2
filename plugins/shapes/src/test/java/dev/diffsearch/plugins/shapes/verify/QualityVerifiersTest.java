package dev.diffsearch.plugins.shapes.verify;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.plugins.shapes.caption.Grammar;
import dev.diffsearch.plugins.shapes.prompt.PromptSpec;
import dev.diffsearch.plugins.shapes.prompt.Realiser;
import dev.diffsearch.plugins.shapes.prompt.SpecSampler;
import dev.diffsearch.plugins.shapes.prompt.Task;
import dev.diffsearch.plugins.shapes.quality.Degradations;
import dev.diffsearch.plugins.shapes.quality.PreferenceTraining;
import dev.diffsearch.plugins.shapes.world.Canvas;
import dev.diffsearch.plugins.shapes.world.SceneSampler;
import dev.diffsearch.plugins.shapes.world.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code aesthetic} and {@code preference} verifiers on held-out scenes: an undamaged render
 * scores above a badly damaged one; a render that shows its prompt is preferred to one that shows a near miss.
 */
class QualityVerifiersTest {

  private static final int N = 200;

  @Test
  void aestheticScoresAnUndamagedRenderAboveADamagedOne() {
    List<float[]> clean = new ArrayList<>();
    List<float[]> damaged = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      SplittableRandom r = new SplittableRandom(1000 + i);
      float[] render = Canvas.render(new SceneSampler(Split.HELD_OUT).sample(r));
      clean.add(render);
      damaged.add(Degradations.degrade(render, 0.8, r));
    }
    try (NDManager m = NDManager.newBaseManager()) {
      Verifier v = new AestheticVerifier().create(new AestheticConfig(null, null), new ModelContext(m, Path.of(".")));
      assertThat(v.needs()).isEqualTo(Verifier.Needs.NOTHING);
      assertThat(aboveShare(score(v, m, clean, null), score(v, m, damaged, null), "aesthetic: undamaged above damaged (grade 0.8)"))
          .isGreaterThanOrEqualTo(THRESHOLD_AESTHETIC);
    }
  }

  @Test
  void preferenceRanksTheSceneThePromptAsksForAboveANearMiss() {
    List<float[]> shown = new ArrayList<>();
    List<float[]> missed = new ArrayList<>();
    List<String> prompts = new ArrayList<>();
    Realiser realiser = new Realiser(Split.HELD_OUT);
    Task[] tasks = Task.values();
    for (int i = 0; i < N; i++) {
      SplittableRandom r = new SplittableRandom(2000 + i);
      PromptSpec asked = new SpecSampler(Split.HELD_OUT).sample(tasks[i % tasks.length], r);
      shown.add(Canvas.render(realiser.realise(asked, r)));
      PromptSpec miss = PreferenceTraining.nearMiss(asked, Split.HELD_OUT, r);
      missed.add(Canvas.render(PreferenceTraining.realiser(miss).realise(miss, r)));
      prompts.add(Grammar.caption(asked, r));
    }
    try (NDManager m = NDManager.newBaseManager()) {
      Verifier v = new PreferenceVerifier().create(new AestheticConfig(null, null), new ModelContext(m, Path.of(".")));
      assertThat(v.needs()).isEqualTo(Verifier.Needs.PROMPT);
      assertThat(aboveShare(score(v, m, shown, prompts), score(v, m, missed, prompts), "preference: asked scene above a near miss"))
          .isGreaterThanOrEqualTo(THRESHOLD_PREFERENCE);
    }
  }

  /** The share of rows where {@code a} scores above {@code b}, printed under {@code what}. */
  private static double aboveShare(float[] a, float[] b, String what) {
    int above = 0;
    for (int i = 0; i < a.length; i++) {
      above += a[i] > b[i] ? 1 : 0;
    }
    System.out.printf("%s %.3f%n", what, above / (double) a.length);
    return above / (double) a.length;
  }

  /** Thresholds a little below what the shipped weights measure (README). */
  private static final double THRESHOLD_AESTHETIC = 0.9;
  private static final double THRESHOLD_PREFERENCE = 0.7;

  static float[] score(Verifier v, NDManager m, List<float[]> images, List<String> prompts) {
    int n = images.size();
    int size = 3 * 32 * 32;
    float[] flat = new float[n * size];
    List<Condition> conditions = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      System.arraycopy(images.get(i), 0, flat, i * size, size);
      conditions.add(prompts == null ? Condition.UNCONDITIONAL : Condition.ofPrompt(new Condition.Prompt("p" + i, prompts.get(i))));
      ids.add(String.format("c%05d", i));
    }
    try (NDManager scope = m.newSubManager()) {
      return v.score(new VerifierInput(ids, scope.create(flat, new Shape(n, 3, 32, 32)), Map.of(), conditions));
    }
  }
}
