package dev.diffsearch.plugins.fmnist.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.diffsearch.nets.GradientCheck;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import dev.diffsearch.plugins.fmnist.net.Net;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each of the plugin's networks gets the same gradients on real training items when the JVM collects garbage (and
 * reuses the freed native memory) between the forward and the backward pass. Before the residual sums' scalar was
 * made by libtorch (NetBlock.times) the denoisers' gradients read freed memory after a collection.
 */
class TrainingGradientsTest {

  @ParameterizedTest
  @EnumSource(Net.class)
  void gradientsSurviveACollectionBeforeBackward(Net net) throws Exception {
    FashionMnist.Data train = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TRAIN);
    Engine.getInstance().setRandomSeed(3);
    try (Model model = Model.newInstance(net.id())) {
      model.setBlock(net.newBlock());
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()));
          NDManager scope = trainer.getManager().newSubManager()) {
        trainer.initialize(net.inputShapes(4));
        NDList batch = Training.batchInputs(net, scope, train, new int[] {0, 1, 2, 3}, 0, 4, new SplittableRandom(9));
        assertThat(GradientCheck.differences(trainer, model.getBlock(), () -> {
          Engine.getInstance().setRandomSeed(5); // the classifiers' dropout: the same mask in both passes
          return Training.loss(net, trainer, batch);
        })).as(net.id()).isEmpty();
      }
    }
  }
}
