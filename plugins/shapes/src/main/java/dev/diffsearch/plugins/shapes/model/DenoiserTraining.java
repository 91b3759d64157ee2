package dev.diffsearch.plugins.shapes.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import dev.diffsearch.nets.Edm;
import dev.diffsearch.nets.TrainLoop;
import dev.diffsearch.plugins.shapes.caption.SceneCaptions;
import dev.diffsearch.plugins.shapes.clip.OnEncoder;
import dev.diffsearch.plugins.shapes.world.Canvas;
import dev.diffsearch.plugins.shapes.world.Scene;
import dev.diffsearch.plugins.shapes.world.SceneSampler;
import dev.diffsearch.plugins.shapes.world.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * EDM training of a {@link TextUNet} on scenes of the training split drawn afresh for every batch, each
 * with a caption encoded by the frozen dual encoder; {@link #COLOUR_FREE} of the captions name no colour
 * (GenEval's single-object, two-object, counting and position prompts do not), and one caption in ten is
 * dropped (the empty prompt) so the model is also unconditional, for guidance. σ is log-normal (P_mean −1.2, P_std 1.2) and the loss
 * carries EDM's weight. Measured by the EDM loss at fixed σ on fixed held-out and training scenes.
 */
public final class DenoiserTraining extends OnEncoder {

  static final double P_MEAN = -1.2;
  static final double P_STD = 1.2;
  static final double PROMPT_DROPOUT = 0.1;
  /** The share of training captions that name no colour. */
  static final double COLOUR_FREE = 0.4;
  private static final double[] EVAL_SIGMAS = {0.05, 0.2, 0.5, 1, 2, 5};
  private static final int EVAL_SCENES = 128;

  private final Variant variant;

  /** @param encoderWeights the dual encoder the model is conditioned on; null: the shipped one */
  public DenoiserTraining(Variant variant, Path encoderWeights) throws IOException {
    super(encoderWeights);
    this.variant = variant;
  }

  @Override
  public TrainLoop.Network network() {
    return new TrainLoop.Network(variant.netId(), variant::newNet, TextUNet::inputShapes);
  }

  @Override
  public NDList batch(NDManager manager, int step, int size, SplittableRandom random) {
    return batch(manager, Split.TRAINING, size, random, true);
  }

  /** (x, σ, token features, mask, embedding, clean y) of {@code size} captioned scenes of {@code split}. */
  NDList batch(NDManager manager, Split split, int size, SplittableRandom random, boolean dropout) {
    int dim = Canvas.VALUES;
    float[] y = new float[size * dim];
    float[] x = new float[size * dim];
    float[] sigma = new float[size];
    List<String> texts = new ArrayList<>(size);
    SceneSampler sampler = new SceneSampler(split);
    for (int i = 0; i < size; i++) {
      SplittableRandom r = new SplittableRandom(random.nextLong());
      Scene scene = sampler.sample(r);
      String caption = SceneCaptions.caption(scene, r, r.nextDouble() >= COLOUR_FREE);
      texts.add(dropout && r.nextDouble() < PROMPT_DROPOUT ? "" : caption);
      System.arraycopy(Canvas.render(scene), 0, y, i * dim, dim);
      sigma[i] = (float) Math.exp(P_MEAN + P_STD * gaussian(r));
      for (int j = 0; j < dim; j++) {
        x[i * dim + j] = y[i * dim + j] + sigma[i] * (float) gaussian(r);
      }
    }
    Shape shape = new Shape(size, Canvas.CHANNELS, Canvas.SIZE, Canvas.SIZE);
    NDArray[] text = PromptEncoding.of(encoder(), encoderManager(), texts).gather(manager, identity(size));
    return new NDList(manager.create(x, shape), manager.create(sigma), text[0], text[1], text[2], manager.create(y, shape));
  }

  @Override
  public NDArray loss(Trainer trainer, NDList batch) {
    NDArray f = trainer.forward(new NDList(batch.subList(0, 5))).get(0);
    NDArray target = Edm.target(batch.get(0), batch.get(5), batch.get(1));
    return f.sub(target).square().mean();
  }

  @Override
  public Map<String, Double> evaluate(Block ema, NDManager manager) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("held-out-edm-loss", testLoss(ema, manager, Split.HELD_OUT));
    m.put("training-edm-loss", testLoss(ema, manager, Split.TRAINING));
    return m;
  }

  /** The mean EDM loss over {@link #EVAL_SIGMAS} on fixed scenes of {@code split} with fixed noise. */
  double testLoss(Block net, NDManager parent, Split split) {
    double sum = 0;
    ParameterStore store = new ParameterStore(parent, false);
    for (double s : EVAL_SIGMAS) {
      try (NDManager m = parent.newSubManager()) {
        NDList b = batch(m, split, EVAL_SCENES, new SplittableRandom(2026), false);
        NDArray y = b.get(5);
        NDArray sigma = m.full(new Shape(EVAL_SCENES), (float) s);
        NDArray x = y.add(b.get(0).sub(y).div(b.get(1).reshape(EVAL_SCENES, 1, 1, 1)).mul((float) s)); // same noise at σ
        NDArray f = net.forward(store, new NDList(x, sigma, b.get(2), b.get(3), b.get(4)), false).get(0);
        sum += f.sub(Edm.target(x, y, sigma)).square().mean().getFloat();
      }
    }
    return sum / EVAL_SIGMAS.length;
  }

  private static int[] identity(int n) {
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    return rows;
  }

  /** A standard normal from {@code r} (Box–Muller; one of the pair). */
  private static double gaussian(SplittableRandom r) {
    double u = 1.0 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

}
