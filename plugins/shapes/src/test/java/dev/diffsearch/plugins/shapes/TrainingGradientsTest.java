package dev.diffsearch.plugins.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.diffsearch.nets.GradientCheck;
import dev.diffsearch.nets.TrainLoop;
import dev.diffsearch.plugins.shapes.clip.ClipTraining;
import dev.diffsearch.plugins.shapes.model.DenoiserTraining;
import dev.diffsearch.plugins.shapes.model.Variant;
import dev.diffsearch.plugins.shapes.quality.PreferenceTraining;
import dev.diffsearch.plugins.shapes.quality.QualityTraining;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every network the plugin trains gets the same gradients when the JVM collects garbage (and reuses the freed
 * native memory) between the forward and the backward pass: the backward pass reads nothing the JVM may free.
 * It did not: the scalars of the attention's scaling, the residual sums and the dual encoder's loss were DJL
 * {@code mul(Number)} / {@code div} / {@code minimum} scalars, freed at the next collection, which made NaN weights
 * in about one training run of ten (see {@code NetBlock.times}).
 */
class TrainingGradientsTest {

  @Test
  void theDualEncodersGradientsSurviveACollectionBeforeBackward() {
    assertGradientsSurvive(new ClipTraining());
  }

  @Test
  void theDenoisersGradientsSurviveACollectionBeforeBackward() throws Exception {
    try (DenoiserTraining task = new DenoiserTraining(Variant.S, null)) {
      assertGradientsSurvive(task);
    }
  }

  @Test
  void theVerifierHeadsGradientsSurviveACollectionBeforeBackward() throws Exception {
    try (QualityTraining quality = new QualityTraining(null); PreferenceTraining preference = new PreferenceTraining(null)) {
      assertGradientsSurvive(quality);
      assertGradientsSurvive(preference);
    }
  }

  private static void assertGradientsSurvive(TrainLoop.Task task) {
    Engine.getInstance().setRandomSeed(11);
    try (Model model = Model.newInstance(task.network().id())) {
      model.setBlock(task.network().newBlock().get());
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()));
          NDManager scope = trainer.getManager().newSubManager()) {
        trainer.initialize(task.network().inputShapes().apply(4));
        NDList batch = task.batch(scope, 1, 4, new SplittableRandom(5));
        assertThat(GradientCheck.differences(trainer, model.getBlock(), () -> task.loss(trainer, batch)))
            .as(task.network().id()).isEmpty();
      }
    }
  }
}
