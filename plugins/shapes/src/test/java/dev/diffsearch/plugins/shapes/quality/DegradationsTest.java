package dev.diffsearch.plugins.shapes.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.plugins.shapes.world.Canvas;
import dev.diffsearch.plugins.shapes.world.SceneSampler;
import dev.diffsearch.plugins.shapes.world.Split;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Damage is graded: none at 0, more pixels changed the higher the grade, always within [−1, 1], reproducible. */
class DegradationsTest {

  @Test
  void moreGradeChangesMorePixelsAndQualityFollowsTheGrade() {
    double[] changed = new double[3];
    double[] grades = {0, 0.3, 1.0};
    for (int n = 0; n < 200; n++) {
      float[] image = Canvas.render(new SceneSampler(Split.TRAINING).sample(n));
      for (int g = 0; g < grades.length; g++) {
        float[] damaged = Degradations.degrade(image, grades[g], new SplittableRandom(n));
        assertThat(damaged).containsExactly(Degradations.degrade(image, grades[g], new SplittableRandom(n)));
        for (int i = 0; i < image.length; i++) {
          assertThat(damaged[i]).isBetween(-1f, 1f);
          changed[g] += Math.abs(damaged[i] - image[i]) > 1e-6 ? 1 : 0;
        }
      }
    }
    assertThat(changed[0]).isZero();
    assertThat(changed[1]).isPositive().isLessThan(changed[2]);
    assertThat(Degradations.quality(0)).isEqualTo(10.0);
    assertThat(Degradations.quality(1)).isEqualTo(0.0);
  }

  @Test
  void theMeasuresOfThePredictorAreRight() {
    assertThat(QualityTraining.pearson(new float[] {1, 2, 3}, new float[] {2, 4, 6})).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(QualityTraining.pearson(new float[] {1, 2, 3}, new float[] {3, 2, 1})).isCloseTo(-1.0, org.assertj.core.data.Offset.offset(1e-9));
    // pairs 2 apart or more: (0,10) right, (0,5) right, (5,10) wrong
    assertThat(QualityTraining.pairOrder(new float[] {1, 9, 8}, new float[] {0, 5, 10})).isCloseTo(2 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
  }
}
