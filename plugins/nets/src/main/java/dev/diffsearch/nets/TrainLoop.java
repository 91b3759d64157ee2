package dev.diffsearch.nets;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * Trains one network for a number of steps on batches a {@link Task} makes: Adam (gradients clipped to
 * ±{@value #GRADIENT_CLIP} per value) with linear warm-up and a cosine decay to a tenth of the peak rate, an exponential moving average (EMA) of the weights, a
 * checkpoint (weights, EMA, Adam moments, step, seconds, the task's history) every
 * {@link Options#checkpointEvery} steps and at the end, and the EMA weights exported as
 * {@code DIR/ID.params} with each checkpoint. {@code resume} continues from {@code DIR/checkpoint.params}
 * where it stopped; batch {@code k} depends only on the seed and {@code k}, so a resumed run sees the
 * batches an uninterrupted one would. Progress goes to the given stream and {@code DIR/train.log}.
 */
public final class TrainLoop {

  /**
   * The network a task trains.
   *
   * @param id its name: the weights file is {@code ID.params}
   * @param newBlock makes a new, uninitialised network
   * @param inputShapes the input shapes {@code initialize} wants for a batch of a given size
   */
  public record Network(String id, java.util.function.Supplier<Block> newBlock,
      java.util.function.IntFunction<Shape[]> inputShapes) {}

  /** What is trained, on what, and how it is measured. */
  public interface Task {

    /** The network trained. */
    Network network();

    /** The batch of {@code size} examples of step {@code step} (from 1), made in {@code manager} from {@code random}. */
    NDList batch(NDManager manager, int step, int size, SplittableRandom random);

    /** The batch's loss, a scalar, with the network run through {@code trainer} (training mode). */
    NDArray loss(Trainer trainer, NDList batch);

    /**
     * Measures a copy of the network holding the EMA weights (its parameters in {@code manager}): the
     * figures go to the log, the checkpoint's history and the weights file's metadata.
     */
    Map<String, Double> evaluate(Block ema, NDManager manager) throws IOException;
  }

  /**
   * @param steps steps in all (a resumed run needs the same: the schedule depends on it)
   * @param checkpointEvery steps between checkpoints (and evaluations)
   */
  public record Options(int steps, int batch, double lr, long seed, Path dir, boolean resume, int checkpointEvery) {}

  /** The exported weights, the training seconds in all, the last evaluation. */
  public record Result(Path weights, double seconds, Map<String, Double> metrics) {}

  private static final double EMA_MAX_DECAY = 0.999;
  /** Each gradient value is clipped to this before Adam's update: a spike cannot throw the weights away. */
  private static final double GRADIENT_CLIP = 1.0;

  private final Task task;
  private final Options o;
  private final PrintStream err;

  private TrainLoop(Task task, Options o, PrintStream err) {
    this.task = task;
    this.o = o;
    this.err = err;
  }

  /** Trains {@code task}'s network as {@code options} say; progress lines to {@code err} and the log. */
  public static Result run(Task task, Options options, PrintStream err) throws IOException {
    Files.createDirectories(options.dir());
    return new TrainLoop(task, options, err).train();
  }

  /** {@code DIR/checkpoint.params}. */
  public static Path checkpointFile(Path dir) {
    return dir.resolve("checkpoint.params");
  }

  /** {@code DIR/ID.params}: the EMA weights. */
  public static Path weightsFile(Path dir, String id) {
    return dir.resolve(id + ".params");
  }

  private void say(String line) throws IOException {
    err.println(line);
    err.flush();
    Files.writeString(o.dir().resolve("train.log"), java.time.LocalDateTime.now().withNano(0) + " " + line + "\n",
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }

  private Result train() throws IOException {
    String id = task.network().id();
    Engine.getInstance().setRandomSeed((int) o.seed());
    Block net = task.network().newBlock().get();
    int warmup = Math.min(500, Math.max(1, o.steps() / 10));
    IntToDoubleFunction schedule = step -> {
      if (step <= warmup) {
        return o.lr() * step / warmup;
      }
      double p = Math.min(1.0, (double) (step - warmup) / Math.max(1, o.steps() - warmup));
      return o.lr() * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * p)));
    };
    try (NDManager adamState = NDManager.newBaseManager(); Model model = Model.newInstance(id)) {
      Adam adam = new Adam(adamState, schedule, GRADIENT_CLIP);
      model.setBlock(net);
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam))) {
        trainer.initialize(task.network().inputShapes().apply(o.batch()));
        reinitialise(net, model.getNDManager());
        Map<String, NDArray> ema = new LinkedHashMap<>();
        for (var e : net.getParameters()) {
          ema.put(e.getKey(), e.getValue().getArray().duplicate());
        }
        int step = 0;
        double before = 0;
        Map<String, Double> metrics = new LinkedHashMap<>();
        StringBuilder history = new StringBuilder();
        if (o.resume()) {
          Checkpoint c = Checkpoint.read(checkpointFile(o.dir()), id, net, ema, adam);
          step = c.step();
          before = c.seconds();
          history.append(c.history());
          say(String.format("[%s] resumed from %s at step %d of %d", id, checkpointFile(o.dir()), step, o.steps()));
        }
        long parameters = net.getParameters().values().stream().mapToLong(p -> p.getArray().getShape().size()).sum();
        say(String.format("[%s] %d parameters, batch %d, steps %d..%d, peak learning rate %.1e", id, parameters, o.batch(),
            step + 1, o.steps(), o.lr()));
        long start = System.nanoTime();
        long lastReport = start;
        int ran = 0;
        double lossSum = 0;
        int lossCount = 0;
        while (step < o.steps()) {
          step++;
          try (NDManager scope = trainer.getManager().newSubManager()) {
            NDList batch = task.batch(scope, step, o.batch(), new SplittableRandom(o.seed() * 1_000_003L + step));
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDArray loss = task.loss(trainer, batch);
              float value = loss.getFloat();
              if (!Float.isFinite(value)) { // stop before the update: the checkpoint on disk stays good
                throw new IOException(String.format("[%s] the loss is %s at step %d: training stopped, %s keeps step %d;"
                    + " resume from it with a lower --lr", id, value, step, checkpointFile(o.dir()),
                    step - 1 - (step - 1) % o.checkpointEvery()));
              }
              gc.backward(loss);
              lossSum += value;
              lossCount++;
            }
            adam.beginStep(step);
            trainer.step();
          }
          updateEma(net, ema, step);
          ran++;
          long now = System.nanoTime();
          if (now - lastReport > 10e9 || step == o.steps()) {
            lastReport = now;
            double rate = ran / ((now - start) / 1e9);
            say(String.format("[%s] step %d/%d loss %.4f lr %.2e %.2f steps/s ETA %s", id, step, o.steps(),
                lossSum / lossCount, adam.learningRate(), rate, duration((o.steps() - step) / rate)));
            lossSum = 0;
            lossCount = 0;
          }
          if (step % o.checkpointEvery() == 0 || step == o.steps()) {
            double seconds = before + (System.nanoTime() - start) / 1e9;
            metrics = evaluate(ema, model.getNDManager());
            if (metrics.values().stream().anyMatch(v -> v.isNaN())) {
              throw new IOException(String.format("[%s] the moving-average weights measure NaN at step %d (%s): training"
                  + " stopped without writing them, %s keeps the step before", id, step, metrics, checkpointFile(o.dir())));
            }
            history.append(String.format("%s{\"step\": %d, \"seconds\": %.0f, \"metrics\": %s}",
                history.length() == 0 ? "" : ", ", step, seconds, json(metrics)));
            say(String.format("[%s] step %d: %s (EMA weights), %s of training", id, step, metrics, duration(seconds)));
            Checkpoint.write(checkpointFile(o.dir()), id, net, ema, adam, step, seconds, history.toString());
            export(ema, step, seconds, metrics, history.toString());
          }
        }
        double seconds = before + (System.nanoTime() - start) / 1e9;
        for (NDArray a : ema.values()) {
          a.close();
        }
        say(String.format("[%s] finished: %s, %s of training in all", id, weightsFile(o.dir(), id), duration(seconds)));
        return new Result(weightsFile(o.dir(), id), seconds, metrics);
      }
    }
  }

  /** Re-applies each parameter's own initializer (the trainer's configuration may have replaced it). */
  private static void reinitialise(Block net, NDManager manager) {
    for (var e : net.getParameters()) {
      Parameter p = e.getValue();
      if (p.getInitializer() != null) {
        try (NDArray fresh = p.getInitializer().initialize(manager, p.getArray().getShape(), DataType.FLOAT32)) {
          p.getArray().set(fresh.toFloatArray());
        }
      }
    }
  }

  private static void updateEma(Block net, Map<String, NDArray> ema, int step) {
    float decay = (float) Math.min(EMA_MAX_DECAY, (1.0 + step) / (10.0 + step));
    for (var e : net.getParameters()) {
      try (NDArray scaled = e.getValue().getArray().mul(1 - decay)) {
        ema.get(e.getKey()).muli(decay).addi(scaled);
      }
    }
  }

  private Map<String, Double> evaluate(Map<String, NDArray> ema, NDManager parent) throws IOException {
    try (NDManager m = parent.newSubManager()) {
      Block copy = task.network().newBlock().get();
      copy.initialize(m, DataType.FLOAT32, task.network().inputShapes().apply(1));
      ParamFile.load(copy, tensors(ema), "", "EMA");
      return task.evaluate(copy, m);
    }
  }

  private void export(Map<String, NDArray> ema, int step, double seconds, Map<String, Double> metrics, String history)
      throws IOException {
    String meta = String.format("{\"net\": \"%s\", \"step\": %d, \"steps\": %d, \"seconds\": %.0f, \"metrics\": %s, "
        + "\"history\": [%s]}", task.network().id(), step, o.steps(), seconds, json(metrics), history);
    ParamFile.write(weightsFile(o.dir(), task.network().id()), meta, tensors(ema));
  }

  static Map<String, ParamFile.Tensor> tensors(Map<String, NDArray> arrays) {
    Map<String, ParamFile.Tensor> t = new LinkedHashMap<>();
    for (var e : arrays.entrySet()) {
      t.put(e.getKey(), new ParamFile.Tensor(e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
    }
    return t;
  }

  static String json(Map<String, Double> metrics) {
    StringBuilder sb = new StringBuilder("{");
    for (var e : metrics.entrySet()) {
      sb.append(sb.length() == 1 ? "" : ", ").append('"').append(e.getKey()).append("\": ")
          .append(Double.isFinite(e.getValue()) ? String.format("%.6g", e.getValue()) : "null");
    }
    return sb.append('}').toString();
  }

  /** {@code 1h02m}, {@code 3m05s} or {@code 12s}. */
  public static String duration(double seconds) {
    if (!Double.isFinite(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
