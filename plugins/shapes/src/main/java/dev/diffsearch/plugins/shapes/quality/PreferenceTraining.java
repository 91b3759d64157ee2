package dev.diffsearch.plugins.shapes.quality;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.nn.Activation;
import dev.diffsearch.nets.TrainLoop;
import dev.diffsearch.plugins.shapes.caption.Grammar;
import dev.diffsearch.plugins.shapes.clip.DualEncoder;
import dev.diffsearch.plugins.shapes.clip.OnEncoder;
import dev.diffsearch.plugins.shapes.clip.HardNegatives;
import dev.diffsearch.plugins.shapes.eval.Judge;
import dev.diffsearch.plugins.shapes.prompt.PromptSpec;
import dev.diffsearch.plugins.shapes.prompt.Realiser;
import dev.diffsearch.plugins.shapes.prompt.SpecSampler;
import dev.diffsearch.plugins.shapes.prompt.Task;
import dev.diffsearch.plugins.shapes.world.Canvas;
import dev.diffsearch.plugins.shapes.world.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the {@link PreferenceNet} by Bradley–Terry on pairs of images for one prompt, the preferred one
 * chosen by a hidden rule the model never sees: utility = 2 if the image's scene agrees with the prompt
 * (judged on the undamaged render by the scene-graph evaluator) + its quality in [0, 1] (1 − damage grade).
 * Each pair draws two images that show the prompt or a near miss of it, each damaged at a random grade.
 * Measured by how often held-out pairs are ordered as the rule orders them.
 */
public final class PreferenceTraining extends OnEncoder {

  private static final int EVAL_PAIRS = 512;


  /** @param encoderWeights the dual encoder the model reads; null: the shipped one */
  public PreferenceTraining(Path encoderWeights) throws IOException {
    super(encoderWeights);
  }

  @Override
  public TrainLoop.Network network() {
    return new TrainLoop.Network("preference", PreferenceNet::new, PreferenceNet::inputShapes);
  }

  /** The hidden rule's utility of an image of {@code shown} (damaged at {@code grade}) for {@code asked}. */
  static double utility(PromptSpec asked, float[] undamaged, double grade) {
    return (Judge.judge(asked, undamaged).pass() ? 2.0 : 0.0) + (1.0 - grade);
  }

  @Override
  public NDList batch(NDManager manager, int step, int size, SplittableRandom random) {
    return pairs(manager, Split.TRAINING, size, random);
  }

  /** (preferred image embeddings, other image embeddings, prompt embeddings) of {@code size} pairs. */
  NDList pairs(NDManager manager, Split split, int size, SplittableRandom random) {
    float[] better = new float[size * Canvas.VALUES];
    float[] worse = new float[size * Canvas.VALUES];
    List<String> prompts = new ArrayList<>(size);
    SpecSampler specs = new SpecSampler(split);
    Task[] tasks = Task.values();
    for (int i = 0; i < size; i++) {
      SplittableRandom r = new SplittableRandom(random.nextLong());
      PromptSpec asked = specs.sample(tasks[r.nextInt(tasks.length)], r);
      float[][] images = new float[2][];
      double[] utility = new double[2];
      do {
        for (int k = 0; k < 2; k++) {
          PromptSpec shown = r.nextBoolean() ? asked : nearMiss(asked, split, r);
          float[] render = Canvas.render(realiser(shown).realise(shown, r));
          double grade = r.nextDouble() < 0.3 ? 0 : r.nextDouble();
          images[k] = Degradations.degrade(render, grade, r);
          utility[k] = utility(asked, render, grade);
        }
      } while (Math.abs(utility[0] - utility[1]) < 0.05);
      int b = utility[0] > utility[1] ? 0 : 1;
      System.arraycopy(images[b], 0, better, i * Canvas.VALUES, Canvas.VALUES);
      System.arraycopy(images[1 - b], 0, worse, i * Canvas.VALUES, Canvas.VALUES);
      prompts.add(Grammar.caption(asked, r));
    }
    NDArray text = encoder().texts(manager, prompts);
    return new NDList(encoder().images(manager.create(better, DualEncoder.imageShape(size))),
        encoder().images(manager.create(worse, DualEncoder.imageShape(size))), text);
  }

  /**
   * A near miss of {@code asked} that a scene can show: at most four objects and, for the training split,
   * no held-out composition (so none reaches training images); {@code asked} itself after 20 tries.
   */
  public static PromptSpec nearMiss(PromptSpec asked, Split split, SplittableRandom random) {
    for (int t = 0; t < 20; t++) {
      PromptSpec miss = HardNegatives.of(asked, random);
      if (miss.objectCount() <= dev.diffsearch.plugins.shapes.world.Scene.MAX_OBJECTS
          && (split == Split.HELD_OUT || !miss.heldOut())) {
        return miss;
      }
    }
    return asked;
  }

  /** The realiser of the split {@code spec} lies in. */
  public static Realiser realiser(PromptSpec spec) {
    return new Realiser(spec.heldOut() ? Split.HELD_OUT : Split.TRAINING);
  }

  @Override
  public NDArray loss(Trainer trainer, NDList batch) {
    NDArray rb = trainer.forward(new NDList(batch.get(0), batch.get(2))).get(0);
    NDArray rw = trainer.forward(new NDList(batch.get(1), batch.get(2))).get(0);
    // Bradley–Terry: −log σ(r_better − r_worse), as softplus(r_worse − r_better)
    NDArray d = rw.sub(rb);
    return Activation.softPlus(d).mean();
  }

  @Override
  public Map<String, Double> evaluate(Block net, NDManager manager) {
    try (NDManager m = manager.newSubManager()) {
      NDList p = pairs(m, Split.HELD_OUT, EVAL_PAIRS, new SplittableRandom(78));
      ParameterStore store = new ParameterStore(m, false);
      float[] rb = net.forward(store, new NDList(p.get(0), p.get(2)), false).get(0).toFloatArray();
      float[] rw = net.forward(store, new NDList(p.get(1), p.get(2)), false).get(0).toFloatArray();
      int right = 0;
      for (int i = 0; i < rb.length; i++) {
        right += rb[i] > rw[i] ? 1 : 0;
      }
      Map<String, Double> out = new LinkedHashMap<>();
      out.put("held-out-pair-accuracy", (double) right / rb.length);
      return out;
    }
  }

}
