package dev.diffsearch.plugins.shapes.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import dev.diffsearch.nets.NetBlock;
import dev.diffsearch.nets.TrainLoop;
import dev.diffsearch.plugins.shapes.caption.Grammar;
import dev.diffsearch.plugins.shapes.caption.SceneCaptions;
import dev.diffsearch.plugins.shapes.prompt.PromptSpec;
import dev.diffsearch.plugins.shapes.world.Canvas;
import dev.diffsearch.plugins.shapes.world.Scene;
import dev.diffsearch.plugins.shapes.world.SceneSampler;
import dev.diffsearch.plugins.shapes.world.Split;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Contrastive training of the {@link DualEncoderNet} (InfoNCE, symmetric, learned temperature) on scenes of
 * the training split drawn afresh for every batch, each with a caption and a {@link HardNegatives near miss}:
 * an image must pick its caption among the batch's captions and every near miss, a caption its image among
 * the batch's images. Measured on held-out compositions: retrieval top-1 and the swapped-colour margin.
 */
public final class ClipTraining implements TrainLoop.Task {

  /** Scenes per measurement. */
  static final int EVAL_SCENES = 256;

  @Override
  public TrainLoop.Network network() {
    return new TrainLoop.Network("dual-encoder", DualEncoderNet::new, DualEncoderNet::inputShapes);
  }

  /** One training example: a render, its caption and a near miss worded the same way. */
  record Example(float[] image, String caption, String nearMiss) {}

  /** The example of {@code seed}: a scene of {@code split}, captioned. */
  static Example example(Split split, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Scene scene = new SceneSampler(split).sample(random);
    PromptSpec spec = SceneCaptions.describe(scene, random);
    PromptSpec miss = HardNegatives.of(spec, random);
    long wording = random.nextLong();
    return new Example(Canvas.render(scene), Grammar.caption(spec, new SplittableRandom(wording)),
        Grammar.caption(miss, new SplittableRandom(wording)));
  }

  @Override
  public NDList batch(NDManager manager, int step, int size, SplittableRandom random) {
    return examples(manager, Split.TRAINING, random.nextLong(), size);
  }

  /** {@code b} examples as (images, one-hot captions then near misses, their masks). */
  static NDList examples(NDManager manager, Split split, long seed, int b) {
    float[] images = new float[b * Canvas.VALUES];
    List<String> texts = new ArrayList<>(2 * b);
    List<String> misses = new ArrayList<>(b);
    int size = Canvas.VALUES;
    SplittableRandom seeds = new SplittableRandom(seed);
    for (int i = 0; i < b; i++) {
      Example e = example(split, seeds.nextLong());
      System.arraycopy(e.image(), 0, images, i * size, size);
      texts.add(e.caption());
      misses.add(e.nearMiss());
    }
    texts.addAll(misses);
    NDArray[] tokens = Tokens.batch(manager, texts);
    return new NDList(manager.create(images, DualEncoder.imageShape(b)), tokens[0], tokens[1]);
  }

  @Override
  public NDArray loss(Trainer trainer, NDList batch) {
    NDList out = trainer.forward(batch);
    NDArray image = DualEncoder.unit(out.get(0)); // [B, E]
    NDArray text = DualEncoder.unit(out.get(1)); // [2B, E]: captions, then near misses
    long b = image.getShape().get(0);
    NDArray scale = NetBlock.atMost(out.get(3), Math.log(100)).exp();
    NDArray logits = image.matMul(text.transpose()).mul(scale); // [B, 2B]
    NDArray eye = image.getManager().eye((int) b);
    NDArray targets = eye.concat(image.getManager().zeros(new Shape(b, b)), 1);
    NDArray imageToText = logits.logSoftmax(1).mul(targets).sum(new int[] {1}).neg().mean();
    NDArray captions = logits.get(":, :" + b).transpose(); // [B captions, B images]
    NDArray textToImage = captions.logSoftmax(1).mul(eye).sum(new int[] {1}).neg().mean();
    return NetBlock.over(imageToText.add(textToImage), 2); // scalars made by libtorch: see NetBlock.times
  }

  @Override
  public Map<String, Double> evaluate(Block ema, NDManager manager) {
    DualEncoder encoder = new DualEncoder(ema, manager);
    Map<String, Double> m = new LinkedHashMap<>();
    m.putAll(measure(encoder, manager, Split.HELD_OUT, "held-out"));
    m.putAll(measure(encoder, manager, Split.TRAINING, "training"));
    return m;
  }

  /**
   * Renders of {@code n} scenes of {@code split} with two objects of different colours (drawn from
   * {@code seed}), each with its caption and the same words with two colours swapped.
   */
  public record SwappedColours(List<float[]> images, List<String> captions, List<String> swapped) {

    public static SwappedColours of(Split split, int n, long seed) {
      SwappedColours out = new SwappedColours(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      SplittableRandom seeds = new SplittableRandom(seed);
      for (int tries = 0; out.images.size() < n && tries < 50 * n; tries++) {
        SplittableRandom random = new SplittableRandom(seeds.nextLong());
        Scene scene = new SceneSampler(split).sample(random);
        PromptSpec spec = SceneCaptions.describe(scene, random);
        PromptSpec swap = HardNegatives.swapColours(spec, random);
        if (swap != null) {
          long wording = random.nextLong();
          out.images.add(Canvas.render(scene));
          out.captions.add(Grammar.caption(spec, new SplittableRandom(wording)));
          out.swapped.add(Grammar.caption(swap, new SplittableRandom(wording)));
        }
      }
      return out;
    }
  }

  /** How often {@code right} beats {@code wrong} (paired cosines) and the mean margin in CLIPScore points. */
  private static void compare(Map<String, Double> out, String key, String marginKey, float[] right, float[] wrong) {
    int wins = 0;
    double margin = 0;
    for (int i = 0; i < right.length; i++) {
      wins += right[i] > wrong[i] ? 1 : 0;
      margin += 100.0 * (right[i] - wrong[i]);
    }
    out.put(key, (double) wins / right.length);
    out.put(marginKey, margin / right.length);
  }

  /** On fixed scenes of {@code split}: how often the caption beats its swapped-colour twin, and the margin. */
  static Map<String, Double> swappedColours(DualEncoder encoder, NDManager m, Split split, String name) {
    SwappedColours pairs = SwappedColours.of(split, EVAL_SCENES, 20_261_201L);
    int n = pairs.images().size();
    int size = Canvas.VALUES;
    float[] flat = new float[n * size];
    for (int i = 0; i < n; i++) {
      System.arraycopy(pairs.images().get(i), 0, flat, i * size, size);
    }
    NDArray img = encoder.images(m.create(flat, DualEncoder.imageShape(n)));
    Map<String, Double> out = new LinkedHashMap<>();
    compare(out, name + "-beats-swapped-colours", name + "-swapped-colour-margin",
        DualEncoder.pairedCosines(img, encoder.texts(m, pairs.captions())),
        DualEncoder.pairedCosines(img, encoder.texts(m, pairs.swapped())));
    return out;
  }

  /**
   * On {@link #EVAL_SCENES} fixed scenes of {@code split}: top-1 retrieval of each image's caption among
   * all the captions, how often the caption beats its near miss, and the mean CLIPScore margin (100 ×
   * cosine) of caption over near miss.
   */
  static Map<String, Double> measure(DualEncoder encoder, NDManager parent, Split split, String name) {
    try (NDManager m = parent.newSubManager()) {
      NDList ex = examples(m, split, 20_241_201L, EVAL_SCENES);
      NDArray images = encoder.images(ex.get(0));
      List<String> texts = new ArrayList<>();
      SplittableRandom seeds = new SplittableRandom(20_241_201L);
      for (int i = 0; i < EVAL_SCENES; i++) {
        texts.add(example(split, seeds.nextLong()).caption());
      }
      seeds = new SplittableRandom(20_241_201L);
      for (int i = 0; i < EVAL_SCENES; i++) {
        texts.add(example(split, seeds.nextLong()).nearMiss());
      }
      NDArray all = encoder.texts(m, texts);
      float[] sims = images.matMul(all.get(":" + EVAL_SCENES).transpose()).toFloatArray();
      int top1 = 0;
      for (int i = 0; i < EVAL_SCENES; i++) {
        int best = 0;
        for (int j = 1; j < EVAL_SCENES; j++) {
          if (sims[i * EVAL_SCENES + j] > sims[i * EVAL_SCENES + best]) {
            best = j;
          }
        }
        top1 += best == i ? 1 : 0;
      }
      Map<String, Double> out = new LinkedHashMap<>();
      out.put(name + "-top1", (double) top1 / EVAL_SCENES);
      out.putAll(swappedColours(encoder, m, split, name));
      compare(out, name + "-beats-near-miss", name + "-margin", DualEncoder.pairedCosines(images, all.get(":" + EVAL_SCENES)),
          DualEncoder.pairedCosines(images, all.get(EVAL_SCENES + ":")));
      return out;
    }
  }
}
