package dev.diffsearch.plugins.shapes.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.plugins.shapes.prompt.PromptSpec;
import dev.diffsearch.plugins.shapes.prompt.Realiser;
import dev.diffsearch.plugins.shapes.prompt.SpecSampler;
import dev.diffsearch.plugins.shapes.prompt.Task;
import dev.diffsearch.plugins.shapes.world.Canvas;
import dev.diffsearch.plugins.shapes.world.Split;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The evaluator measured on real renders: per task, {@value #PER_TASK} prompts, each judged on a render
 * of a scene that shows it (must pass) and on a render of a scene that shows its {@link Mismatch} (must
 * fail). Accuracy is the share of right decisions; the numbers are printed for the module README. On
 * the training side a prompt whose mismatch would name a held-out composition is drawn again.
 */
class EvaluatorAccuracyTest {

  static final int PER_TASK = 500;
  static final double NOISE = 0.05;

  /** Right decisions on matching renders and on mismatched renders, with the first wrong reasons. */
  record Score(int passes, int fails, int n, List<String> errors) {

    double onMatching() {
      return (double) passes / n;
    }

    double onMismatched() {
      return (double) fails / n;
    }

    double overall() {
      return (passes + fails) / (2.0 * n);
    }
  }

  static Map<Task, Score> measure(Split split, double sigma, long seed) {
    Map<Task, Score> scores = new EnumMap<>(Task.class);
    SpecSampler specs = new SpecSampler(split);
    Realiser realiser = new Realiser(split);
    for (Task task : Task.values()) {
      SplittableRandom random = new SplittableRandom(seed * 31 + task.ordinal());
      int passes = 0;
      int fails = 0;
      List<String> errors = new ArrayList<>();
      for (int i = 0; i < PER_TASK; i++) {
        PromptSpec spec;
        Mismatch wrong;
        do {
          spec = specs.sample(task, random);
          wrong = Mismatch.of(spec, random);
        } while (split == Split.TRAINING && wrong.spec().heldOut());
        float[] matching = noisy(Canvas.render(realiser.realise(spec, random)), sigma, random);
        Verdict yes = Judge.judge(spec, matching);
        if (yes.pass()) {
          passes++;
        } else if (errors.size() < 5) {
          errors.add("matching " + spec + ": " + yes.reason());
        }
        float[] mismatched = noisy(Canvas.render(realiser.realise(wrong.spec(), wrong.avoid(), random)), sigma, random);
        Verdict no = Judge.judge(spec, mismatched);
        if (!no.pass()) {
          fails++;
        } else if (errors.size() < 5) {
          errors.add("mismatched " + wrong.spec() + " judged for " + spec + ": " + no.reason());
        }
      }
      scores.put(task, new Score(passes, fails, PER_TASK, errors));
    }
    report(split + (sigma > 0 ? " renders + Gaussian noise σ=" + sigma : " renders"), scores);
    return scores;
  }

  /** The image plus N(0, σ²) per value, from {@code random} (σ = 0: the image itself). */
  static float[] noisy(float[] image, double sigma, SplittableRandom random) {
    if (sigma == 0) {
      return image;
    }
    float[] out = image.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += (float) (sigma * random.nextGaussian());
    }
    return out;
  }

  private static void report(String what, Map<Task, Score> scores) {
    StringBuilder text = new StringBuilder("evaluator accuracy on " + what + " (" + PER_TASK + " prompts per task)\n");
    text.append(String.format("  %-14s %9s %11s %8s%n", "task", "matching", "mismatched", "overall"));
    scores.forEach((task, s) -> text.append(String.format("  %-14s %9.4f %11.4f %8.4f%n",
        task.tag(), s.onMatching(), s.onMismatched(), s.overall())));
    System.out.print(text);
  }

  private static void assertAtLeast(Map<Task, Score> scores, double floor) {
    scores.forEach((task, s) -> {
      assertThat(s.onMatching()).as(task.tag() + " on matching renders; first errors " + s.errors()).isGreaterThanOrEqualTo(floor);
      assertThat(s.onMismatched()).as(task.tag() + " on mismatched renders; first errors " + s.errors()).isGreaterThanOrEqualTo(floor);
    });
  }

  @Test
  void onHeldOutRendersEveryTaskIsJudgedRightAtLeast98PercentOfTheTime() {
    assertAtLeast(measure(Split.HELD_OUT, 0, 1), 0.98);
  }

  @Test
  void onTrainingRendersEveryTaskIsJudgedRightAtLeast98PercentOfTheTime() {
    assertAtLeast(measure(Split.TRAINING, 0, 2), 0.98);
  }

  @Test
  void mildNoiseLeavesTheJudgementsRight() {
    assertAtLeast(measure(Split.HELD_OUT, NOISE, 3), 0.95);
    assertAtLeast(measure(Split.TRAINING, NOISE, 4), 0.95);
  }
}
