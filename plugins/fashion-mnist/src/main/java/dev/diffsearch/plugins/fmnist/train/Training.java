package dev.diffsearch.plugins.fmnist.train;

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
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.nets.Adam;
import dev.diffsearch.nets.Edm;
import dev.diffsearch.nets.ParamFile;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import dev.diffsearch.plugins.fmnist.eval.Reference;
import dev.diffsearch.plugins.fmnist.net.Classifier;
import dev.diffsearch.plugins.fmnist.net.EdmUNet;
import dev.diffsearch.plugins.fmnist.net.Net;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains one of the plugin's networks with DJL's {@link Trainer} and {@link GradientCollector} on the
 * Fashion-MNIST training set: Adam with linear warm-up and cosine decay, an exponential moving average
 * of the weights (the EMA weights are what gets exported), a checkpoint after every epoch (weights,
 * EMA, Adam moments, step; data order and denoiser noise derive from seed and step) from which
 * {@code --resume} continues, a progress line on stderr
 * and a log file. Denoisers minimise the EDM loss (σ log-normal, P_mean −1.2, P_std 1.2, weight
 * (σ²+σd²)/(σ·σd)², folded into the preconditioned target) with 10% label dropout to the null class;
 * classifiers minimise softmax cross-entropy.
 */
public final class Training {

  static final double P_MEAN = -1.2;
  static final double P_STD = 1.2;
  static final double LABEL_DROPOUT = 0.1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Options of one training run. */
  public record Options(Net net, int epochs, int batch, double lr, Path out, boolean resume, Path data, int limit, long seed) {

    public static Options defaults(Net net) {
      return switch (net) {
        case DENOISER_S -> new Options(net, 4, 128, 1e-3, null, false, FashionMnist.DEFAULT_DIR, 0, 1);
        case DENOISER_L -> new Options(net, 2, 128, 1e-3, null, false, FashionMnist.DEFAULT_DIR, 0, 2);
        case VERIFIER -> new Options(net, 3, 128, 2e-3, null, false, FashionMnist.DEFAULT_DIR, 0, 3);
        case EVALUATOR -> new Options(net, 5, 128, 2e-3, null, false, FashionMnist.DEFAULT_DIR, 0, 4);
      };
    }

    Path outDir() {
      return out != null ? out : Path.of("fashion-mnist-train", net.id());
    }
  }

  /** What a finished (or resumed and finished) run reports. */
  public record Result(Path weights, double seconds, double testMetric, int epochsDone) {}

  private final Options o;
  private final PrintStream err;
  private final Path dir;
  private PrintWriter log;

  public Training(Options options, PrintStream err) {
    this.o = options;
    this.err = err;
    this.dir = options.outDir();
  }

  static Path weightsFile(Path dir, Net net) {
    return dir.resolve(net.id() + ".params");
  }

  static Path checkpointFile(Path dir) {
    return dir.resolve("checkpoint.params");
  }

  public Result run() throws IOException {
    Files.createDirectories(dir);
    log = new PrintWriter(Files.newBufferedWriter(dir.resolve("train.log"), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
    try {
      return train();
    } finally {
      log.close();
    }
  }

  private void say(String line) {
    err.println(line);
    err.flush();
    log.println(java.time.LocalDateTime.now().withNano(0) + " " + line);
  }

  private Result train() throws IOException {
    FashionMnist.Data train = FashionMnist.load(o.data(), FashionMnist.Split.TRAIN);
    FashionMnist.Data test = FashionMnist.load(o.data(), FashionMnist.Split.TEST);
    if (o.limit() > 0) {
      train = train.head(o.limit());
      test = test.head(Math.max(200, o.limit() / 6));
    }
    int n = train.size();
    int stepsPerEpoch = n / o.batch();
    int totalSteps = stepsPerEpoch * o.epochs();
    Engine.getInstance().setRandomSeed((int) o.seed());
    Block net = o.net().newBlock();
    int warmup = Math.min(200, Math.max(1, totalSteps / 10));
    java.util.function.IntToDoubleFunction schedule =
        step -> {
          double peak = o.lr();
          if (step <= warmup) {
            return peak * step / warmup;
          }
          double p = Math.min(1.0, (double) (step - warmup) / Math.max(1, totalSteps - warmup));
          return peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * p)));
        };
    ObjectNode history = JSON.createObjectNode();
    try (NDManager adamState = NDManager.newBaseManager();
        Model model = Model.newInstance(o.net().id())) {
      Adam adam = new Adam(adamState, schedule);
      model.setBlock(net);
      DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam);
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(o.net().inputShapes(o.batch()));
        reinitialise(net, model.getNDManager());
        Map<String, NDArray> ema = new LinkedHashMap<>();
        for (var e : net.getParameters()) {
          ema.put(e.getKey(), e.getValue().getArray().duplicate());
        }
        int startEpoch = 0;
        int step = 0;
        double previousSeconds = 0;
        if (o.resume()) {
          Path ck = checkpointFile(dir);
          if (!Files.isRegularFile(ck)) {
            throw new IOException(ck + ": no checkpoint to resume from");
          }
          ParamFile.Contents c = ParamFile.read(ck);
          ObjectNode meta = (ObjectNode) JSON.readTree(c.metadata());
          if (!meta.path("net").asText().equals(o.net().id())) {
            throw new IOException(ck + ": is a checkpoint of " + meta.path("net").asText() + ", not " + o.net().id());
          }
          ParamFile.load(net, c.tensors(), "param/", ck.toString());
          for (var e : net.getParameters()) {
            String name = e.getKey();
            ParamFile.Tensor t = c.tensors().get("ema/" + name);
            ema.get(name).set(t.data());
            ParamFile.Tensor m = c.tensors().get("m/" + name);
            ParamFile.Tensor v = c.tensors().get("v/" + name);
            if (m != null && v != null) {
              adam.restore(e.getValue().getId(), m.data(), v.data(), m.djlShape());
            }
          }
          startEpoch = meta.path("epochs-done").asInt();
          step = meta.path("step").asInt();
          previousSeconds = meta.path("seconds").asDouble();
          if (meta.has("history")) {
            history = (ObjectNode) meta.get("history");
          }
          say(String.format("[%s] resumed from %s: %d epochs done, step %d", o.net().id(), ck, startEpoch, step));
        }
        if (startEpoch >= o.epochs()) {
          say(String.format("[%s] nothing to do: %d of %d epochs already done", o.net().id(), startEpoch, o.epochs()));
        }
        long parameters = net.getParameters().values().stream().mapToLong(p -> p.getArray().getShape().size()).sum();
        say(String.format("[%s] %d parameters, %d training images, batch %d, %d steps per epoch, epochs %d..%d",
            o.net().id(), parameters, n, o.batch(), stepsPerEpoch, startEpoch + 1, o.epochs()));
        long runStart = System.nanoTime();
        int runSteps = 0;
        long lastReport = System.nanoTime();
        double testMetric = Double.NaN;
        for (int epoch = startEpoch; epoch < o.epochs(); epoch++) {
          long epochStart = System.nanoTime();
          int[] order = permutation(n, new SplittableRandom(o.seed() * 7919 + epoch));
          double lossSum = 0;
          for (int s = 0; s < stepsPerEpoch; s++) {
            step++;
            float loss;
            try (NDManager batch = trainer.getManager().newSubManager()) {
              NDList inputs = batchInputs(o.net(), batch, train, order, s * o.batch(), o.batch(),
                  new SplittableRandom(o.seed() * 1_000_003L + step));
              try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray l = loss(o.net(), trainer, inputs);
                gc.backward(l);
                loss = l.getFloat();
              }
              adam.beginStep(step);
              trainer.step();
            }
            updateEma(net, ema, step);
            lossSum += loss;
            runSteps++;
            if (System.nanoTime() - lastReport > 10e9 || s == stepsPerEpoch - 1) {
              lastReport = System.nanoTime();
              double elapsed = (lastReport - runStart) / 1e9;
              double rate = runSteps * (double) o.batch() / elapsed;
              long remaining = (long) (o.epochs() - epoch - 1) * stepsPerEpoch + (stepsPerEpoch - s - 1);
              say(String.format("[%s] epoch %d/%d step %d/%d loss %.4f lr %.2e %.0f items/s ETA %s",
                  o.net().id(), epoch + 1, o.epochs(), s + 1, stepsPerEpoch, lossSum / (s + 1),
                  adam.learningRate(), rate, duration(remaining * o.batch() / rate)));
            }
          }
          double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
          testMetric = evaluate(ema, test, model.getNDManager());
          ObjectNode h = history.putObject("epoch-" + (epoch + 1));
          h.put("train-loss", lossSum / stepsPerEpoch);
          h.put(o.net().isDenoiser() ? "test-edm-loss" : "test-accuracy", testMetric);
          h.put("seconds", Math.round(epochSeconds));
          double seconds = previousSeconds + (System.nanoTime() - runStart) / 1e9;
          say(String.format("[%s] epoch %d done in %s: train loss %.4f, %s %.4f (EMA weights)", o.net().id(), epoch + 1,
              duration(epochSeconds), lossSum / stepsPerEpoch, o.net().isDenoiser() ? "test EDM loss" : "test accuracy", testMetric));
          checkpoint(net, ema, adam, epoch + 1, step, seconds, history);
          export(ema, epoch + 1, seconds, testMetric, history);
        }
        double seconds = previousSeconds + (System.nanoTime() - runStart) / 1e9;
        if (Double.isNaN(testMetric) && Files.isRegularFile(weightsFile(dir, o.net()))) {
          testMetric = evaluate(ema, test, model.getNDManager());
        }
        if (o.net() == Net.EVALUATOR) {
          Path statsFile = dir.resolve("reference-stats.params");
          try (NDManager m = NDManager.newBaseManager()) {
            Path w = weightsFile(dir, o.net());
            Reference.compute(Classifier.open(Net.EVALUATOR, m, w), w, o.data(), statsFile);
          }
          say(String.format("[%s] wrote %s (FID reference statistics for these weights)", o.net().id(), statsFile));
        }
        say(String.format("[%s] finished: %s, %.0f s of training in all", o.net().id(), weightsFile(dir, o.net()), seconds));
        for (NDArray a : ema.values()) {
          a.close();
        }
        return new Result(weightsFile(dir, o.net()), seconds, testMetric, o.epochs());
      }
    }
  }

  /**
   * Re-applies each parameter's own initializer, in case the trainer's configuration replaced it (zero
   * initialised residual outputs matter to the denoiser).
   */
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

  /**
   * The {@code b} training inputs of {@code net} from {@code data}'s items {@code order[start..start+b)}: images and
   * one-hot labels for a classifier; noised images, σ, labels (10 % dropped to the null class) and clean images for
   * a denoiser, drawn from {@code rng}.
   */
  static NDList batchInputs(Net net, NDManager m, FashionMnist.Data data, int[] order, int start, int b,
      SplittableRandom rng) {
    int d = FashionMnist.PIXELS;
    float[] y = new float[b * d];
    int[] labels = new int[b];
    for (int i = 0; i < b; i++) {
      int idx = order[start + i];
      System.arraycopy(data.x(), idx * d, y, i * d, d);
      labels[i] = data.labels()[idx];
    }
    Shape shape = new Shape(b, 1, 28, 28);
    if (!net.isDenoiser()) {
      return new NDList(m.create(y, shape), EdmUNet.oneHot(m, labels).get(":, :10"));
    }
    float[] sigma = new float[b];
    float[] x = new float[b * d];
    for (int i = 0; i < b; i++) {
      sigma[i] = (float) Math.exp(P_MEAN + P_STD * rng.nextGaussian());
      if (rng.nextDouble() < LABEL_DROPOUT) {
        labels[i] = -1;
      }
      for (int j = 0; j < d; j++) {
        x[i * d + j] = y[i * d + j] + sigma[i] * (float) rng.nextGaussian();
      }
    }
    return new NDList(m.create(x, shape), m.create(sigma), EdmUNet.oneHot(m, labels), m.create(y, shape));
  }

  /** {@code net}'s training loss on a batch of {@link #batchInputs}, its forward pass run through {@code trainer}. */
  static NDArray loss(Net net, Trainer trainer, NDList in) {
    if (net.isDenoiser()) {
      NDArray x = in.get(0);
      NDArray sigma = in.get(1);
      NDArray y = in.get(3);
      NDArray f = trainer.forward(new NDList(x, sigma, in.get(2))).singletonOrThrow();
      NDArray[] so = Edm.skipOut(sigma);
      // λ(σ)·‖D − y‖² = ‖F − (y − c_skip·x)/c_out‖² since λ·c_out² = 1
      NDArray target = y.sub(x.mul(so[0])).div(so[1]);
      return f.sub(target).square().mean();
    }
    NDArray logits = trainer.forward(new NDList(in.get(0))).get(0);
    return logits.logSoftmax(1).mul(in.get(1)).sum(new int[] {1}).neg().mean();
  }

  private static void updateEma(Block net, Map<String, NDArray> ema, int step) {
    float decay = (float) Math.min(0.999, (1.0 + step) / (10.0 + step));
    for (var e : net.getParameters()) {
      NDArray w = e.getValue().getArray();
      try (NDArray scaled = w.mul(1 - decay)) {
        ema.get(e.getKey()).muli(decay).addi(scaled);
      }
    }
  }

  /** Test accuracy (classifiers) or test EDM loss (denoisers) of the EMA weights. */
  private double evaluate(Map<String, NDArray> ema, FashionMnist.Data test, NDManager parent) throws IOException {
    try (NDManager m = parent.newSubManager()) {
      Block copy = o.net().newBlock();
      copy.initialize(m, DataType.FLOAT32, o.net().inputShapes(1));
      Map<String, ParamFile.Tensor> tensors = new LinkedHashMap<>();
      for (var e : ema.entrySet()) {
        tensors.put(e.getKey(), new ParamFile.Tensor(e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
      }
      ParamFile.load(copy, tensors, "", "EMA");
      if (o.net().isDenoiser()) {
        return denoiserTestLoss(copy, test, m);
      }
      return Classifier.accuracy(new Classifier(copy, m), test);
    }
  }

  /** Mean EDM loss on up to 1,000 test images at σ ∈ {0.02, 0.1, 0.3, 1, 3, 10} with fixed noise. */
  static double denoiserTestLoss(Block net, FashionMnist.Data test, NDManager parent) {
    double[] sigmas = {0.02, 0.1, 0.3, 1, 3, 10};
    int n = Math.min(1000, test.size());
    int b = 200;
    int d = FashionMnist.PIXELS;
    SplittableRandom rng = new SplittableRandom(12345);
    ParameterStore store = new ParameterStore(parent, false);
    double total = 0;
    int count = 0;
    for (double s : sigmas) {
      for (int start = 0; start < n; start += b) {
        int k = Math.min(b, n - start);
        float[] y = java.util.Arrays.copyOfRange(test.x(), start * d, (start + k) * d);
        float[] x = new float[y.length];
        for (int j = 0; j < y.length; j++) {
          x[j] = y[j] + (float) (s * rng.nextGaussian());
        }
        int[] cls = java.util.Arrays.copyOfRange(test.labels(), start, start + k);
        try (NDManager m = parent.newSubManager()) {
          NDArray xa = m.create(x, new Shape(k, 1, 28, 28));
          NDArray ya = m.create(y, new Shape(k, 1, 28, 28));
          float[] sig = new float[k];
          java.util.Arrays.fill(sig, (float) s);
          NDArray sa = m.create(sig);
          NDArray f = net.forward(store, new NDList(xa, sa, EdmUNet.oneHot(m, cls)), false).singletonOrThrow();
          NDArray dn = Edm.denoised(xa, sa, f);
          double lambda = (s * s + EdmUNet.SIGMA_DATA * EdmUNet.SIGMA_DATA) / Math.pow(s * EdmUNet.SIGMA_DATA, 2);
          total += lambda * dn.sub(ya).square().mean().getFloat() * k;
          count += k;
        }
      }
    }
    return total / count;
  }

  private void checkpoint(Block net, Map<String, NDArray> ema, Adam adam, int epochsDone, int step, double seconds,
      ObjectNode history) throws IOException {
    Map<String, ParamFile.Tensor> t = new LinkedHashMap<>();
    for (var e : net.getParameters()) {
      String name = e.getKey();
      NDArray w = e.getValue().getArray();
      long[] shape = w.getShape().getShape();
      t.put("param/" + name, new ParamFile.Tensor(shape, w.toFloatArray()));
      t.put("ema/" + name, new ParamFile.Tensor(shape, ema.get(name).toFloatArray()));
      NDArray[] mv = adam.moments().get(e.getValue().getId());
      if (mv != null) {
        t.put("m/" + name, new ParamFile.Tensor(shape, mv[0].toFloatArray()));
        t.put("v/" + name, new ParamFile.Tensor(shape, mv[1].toFloatArray()));
      }
    }
    ObjectNode meta = JSON.createObjectNode();
    meta.put("net", o.net().id());
    meta.put("epochs-done", epochsDone);
    meta.put("epochs-planned", o.epochs());
    meta.put("step", step);
    meta.put("seconds", Math.round(seconds));
    meta.put("batch", o.batch());
    meta.put("lr", o.lr());
    meta.put("seed", o.seed());
    meta.put("limit", o.limit());
    meta.set("history", history);
    ParamFile.write(checkpointFile(dir), JSON.writeValueAsString(meta), t);
  }

  private void export(Map<String, NDArray> ema, int epochsDone, double seconds, double testMetric, ObjectNode history)
      throws IOException {
    Map<String, ParamFile.Tensor> t = new LinkedHashMap<>();
    for (var e : ema.entrySet()) {
      t.put(e.getKey(), new ParamFile.Tensor(e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
    }
    ObjectNode meta = JSON.createObjectNode();
    meta.put("net", o.net().id());
    meta.put("weights", "EMA (decay 0.999)");
    meta.put("epochs", epochsDone);
    meta.put("train-seconds", Math.round(seconds));
    meta.put(o.net().isDenoiser() ? "test-edm-loss" : "test-accuracy", testMetric);
    meta.put("data", "Fashion-MNIST train" + (o.limit() > 0 ? " (first " + o.limit() + ")" : "") + ", x = p/127.5 - 1");
    meta.put("command", "diffsearch fashion-mnist train " + o.net().id() + " --epochs " + o.epochs());
    meta.set("history", history);
    ParamFile.write(weightsFile(dir, o.net()), JSON.writeValueAsString(meta), t);
  }

  private static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  public static String duration(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    if (s >= 3600) {
      return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    return String.format("%dm%02ds", s / 60, s % 60);
  }
}
