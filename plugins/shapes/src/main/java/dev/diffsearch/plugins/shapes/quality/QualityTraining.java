package dev.diffsearch.plugins.shapes.quality;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import dev.diffsearch.nets.TrainLoop;
import dev.diffsearch.plugins.shapes.clip.DualEncoder;
import dev.diffsearch.plugins.shapes.clip.OnEncoder;
import dev.diffsearch.plugins.shapes.world.Canvas;
import dev.diffsearch.plugins.shapes.world.SceneSampler;
import dev.diffsearch.plugins.shapes.world.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the {@link QualityHead} to predict {@link Degradations#quality} of renders damaged at a random grade
 * (one in five undamaged), from their frozen dual-encoder embeddings; squared error. Measured on fixed
 * held-out scenes: the correlation of predicted and true quality, and how often the less damaged of two
 * renders (grades at least 0.2 apart) is scored higher.
 */
public final class QualityTraining extends OnEncoder {

  private static final int EVAL_IMAGES = 512;


  /** @param encoderWeights the dual encoder the head reads; null: the shipped one */
  public QualityTraining(Path encoderWeights) throws IOException {
    super(encoderWeights);
  }

  @Override
  public TrainLoop.Network network() {
    return new TrainLoop.Network("aesthetic", QualityHead::new, QualityHead::inputShapes);
  }

  @Override
  public NDList batch(NDManager manager, int step, int size, SplittableRandom random) {
    return examples(manager, Split.TRAINING, size, random);
  }

  /** (embeddings [B, E], qualities [B]) of {@code size} damaged renders of {@code split}. */
  NDList examples(NDManager manager, Split split, int size, SplittableRandom random) {
    float[] images = new float[size * Canvas.VALUES];
    float[] quality = new float[size];
    SceneSampler sampler = new SceneSampler(split);
    for (int i = 0; i < size; i++) {
      SplittableRandom r = new SplittableRandom(random.nextLong());
      double grade = r.nextDouble() < 0.2 ? 0 : r.nextDouble();
      System.arraycopy(Degradations.degrade(Canvas.render(sampler.sample(r)), grade, r), 0, images, i * Canvas.VALUES, Canvas.VALUES);
      quality[i] = (float) Degradations.quality(grade);
    }
    NDArray embeddings = encoder().images(manager.create(images, DualEncoder.imageShape(size)));
    return new NDList(embeddings, manager.create(quality));
  }

  @Override
  public NDArray loss(Trainer trainer, NDList batch) {
    NDArray predicted = trainer.forward(new NDList(batch.get(0))).get(0);
    return predicted.sub(batch.get(1)).square().mean();
  }

  @Override
  public Map<String, Double> evaluate(Block head, NDManager manager) {
    try (NDManager m = manager.newSubManager()) {
      NDList ex = examples(m, Split.HELD_OUT, EVAL_IMAGES, new SplittableRandom(77));
      float[] predicted = head.forward(new ParameterStore(m, false), new NDList(ex.get(0)), false).get(0).toFloatArray();
      float[] truth = ex.get(1).toFloatArray();
      Map<String, Double> out = new LinkedHashMap<>();
      out.put("held-out-correlation", pearson(predicted, truth));
      out.put("held-out-pair-order", pairOrder(predicted, truth));
      return out;
    }
  }

  /** Pearson's r. */
  static double pearson(float[] a, float[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i] / (double) a.length;
      mb += b[i] / (double) b.length;
    }
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }

  /** Of the pairs whose true qualities differ by at least 2 (grades by 0.2), the share ordered right. */
  static double pairOrder(float[] predicted, float[] truth) {
    int right = 0;
    int pairs = 0;
    for (int i = 0; i < truth.length; i++) {
      for (int j = i + 1; j < truth.length; j++) {
        if (Math.abs(truth[i] - truth[j]) >= 2) {
          pairs++;
          right += (predicted[i] - predicted[j]) * (truth[i] - truth[j]) > 0 ? 1 : 0;
        }
      }
    }
    return (double) right / pairs;
  }

}
