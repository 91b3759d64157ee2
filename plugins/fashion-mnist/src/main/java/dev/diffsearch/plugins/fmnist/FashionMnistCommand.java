package dev.diffsearch.plugins.fmnist;

import dev.diffsearch.core.spi.PluginCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.pf4j.Extension;

/**
 * {@code diffsearch fashion-mnist train NET [--epochs N] [--out DIR] [--resume] ...}: (re)trains one of
 * the plugin's networks ({@code denoiser-s}, {@code denoiser-l}, {@code verifier}, {@code evaluator}).
 */
@Extension
public final class FashionMnistCommand implements PluginCommand {

  static final String USAGE = String.join("\n",
      "Usage: diffsearch fashion-mnist train NET [options]",
      "       diffsearch fashion-mnist sample --out DIR [--variant s|l] [--weights FILE] [--per-class N]",
      "                                      [--steps N] [--guidance W] [--seed S] [--batch B]",
      "       diffsearch fashion-mnist grid RUN_DIR --out FILE.png",
      "       diffsearch fashion-mnist bench [--variants s,l] [--batches 1,16,64] [--seconds S]",
      "       diffsearch fashion-mnist reference-stats [--evaluator FILE] [--out FILE] [--data DIR]",
      "  NET: denoiser-s | denoiser-l | verifier | evaluator",
      "  --epochs N     epochs to train in all (default: denoiser-s 4, denoiser-l 2, verifier 3, evaluator 5)",
      "  --out DIR      where checkpoint.params, NET.params, train.log go (default: fashion-mnist-train/NET)",
      "  --resume       continue from DIR/checkpoint.params (same --epochs: the schedule depends on it)",
      "  --batch B      batch size (default 128)",
      "  --lr X         peak learning rate (default: denoisers 1e-3, classifiers 2e-3)",
      "  --limit N      train on the first N images only (smoke tests)",
      "  --seed S       seed of initialisation, shuffling and noise",
      "  --data DIR     Fashion-MNIST IDX files (default " + FashionMnist.DEFAULT_DIR + ")",
      "sample: N per class (default 100) with batched heun (default 18 steps), no search, into a",
      "  directory that `diffsearch eval` reads (images/, summary.json) plus grid.png (10 per class).",
      "bench: bare NFE/s of fmnist-s and fmnist-l per batch size, parameters, MACs per sample.",
      "grid: a 10-per-class grid (one row per class) of a run's images.",
      "reference-stats: evaluator feature statistics of the test and training sets (FID reference);",
      "  `train evaluator` also writes them to DIR/reference-stats.params.",
      "Progress goes to stderr and DIR/train.log; a checkpoint is written after every epoch.",
      "To ship new weights, copy DIR/NET.params to plugins/fashion-mnist/src/main/resources/dev/diffsearch/plugins/fmnist/weights/.",
      "Threads: the PyTorch engine takes OMP_NUM_THREADS (or JAVA_OPTS=-Dai.djl.pytorch.num_threads=N).");

  @Override
  public String name() {
    return "fashion-mnist";
  }

  @Override
  public String description() {
    return "fashion-mnist networks: train {denoiser-s|denoiser-l|verifier|evaluator}, sample, grid, bench, reference-stats";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.isEmpty() || args.get(0).equals("-h") || args.get(0).equals("--help")) {
      out.println(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    if (args.contains("-h") || args.contains("--help")) { // help of any subcommand: the usage covers them all
      out.println(USAGE);
      return 0;
    }
    if (args.get(0).equals("sample")) {
      return sample(args.subList(1, args.size()), out, err);
    }
    if (args.get(0).equals("bench")) {
      int[] batches = {1, 16, 64};
      double seconds = 5;
      java.util.List<Net> nets = java.util.List.of(Net.DENOISER_S, Net.DENOISER_L);
      List<String> rest = args.subList(1, args.size());
      try {
        for (int i = 0; i < rest.size(); i++) {
          String a = rest.get(i);
          switch (a) {
            case "--batches" -> batches = java.util.Arrays.stream(value(rest, ++i, a).split(","))
                .mapToInt(v -> positive(a, v.trim())).toArray();
            case "--seconds" -> seconds = Double.parseDouble(value(rest, ++i, a));
            case "--variants" -> nets = java.util.Arrays.stream(value(rest, ++i, a).split(","))
                .map(v -> new FashionMnistConfig(v.trim(), null)).peek(FashionMnistConfig::validate)
                .map(FashionMnistConfig::net).toList();
            default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
          }
        }
      } catch (IllegalArgumentException | dev.diffsearch.core.config.ConfigException e) {
        err.println("fashion-mnist bench: " + e.getMessage());
        return 2;
      }
      try {
        Bench.run(nets, batches, seconds, out);
      } catch (java.io.IOException e) {
        err.println("fashion-mnist bench: " + e.getMessage());
        return 2;
      }
      return 0;
    }
    if (args.get(0).equals("grid")) {
      return grid(args.subList(1, args.size()), out, err);
    }
    if (args.get(0).equals("reference-stats")) {
      return referenceStats(args.subList(1, args.size()), out, err);
    }
    if (!args.get(0).equals("train")) {
      err.println("fashion-mnist: unknown subcommand '" + args.get(0) + "' (known: train, sample, grid, bench, reference-stats; see --help)");
      return 2;
    }
    if (args.size() < 2 || args.get(1).startsWith("-")) {
      if (args.size() >= 2 && (args.get(1).equals("-h") || args.get(1).equals("--help"))) {
        out.println(USAGE);
        return 0;
      }
      err.println("fashion-mnist train: name the network: denoiser-s, denoiser-l, verifier or evaluator");
      return 2;
    }
    Net net;
    try {
      net = Net.parse(args.get(1));
    } catch (IllegalArgumentException e) {
      err.println("fashion-mnist train: " + e.getMessage());
      return 2;
    }
    Training.Options d = Training.Options.defaults(net);
    int epochs = d.epochs();
    int batch = d.batch();
    double lr = d.lr();
    Path outDir = null;
    boolean resume = false;
    Path data = d.data();
    int limit = 0;
    long seed = d.seed();
    try {
      for (int i = 2; i < args.size(); i++) {
        String a = args.get(i);
        switch (a) {
          case "--epochs" -> epochs = positive(a, value(args, ++i, a));
          case "--batch" -> batch = positive(a, value(args, ++i, a));
          case "--lr" -> lr = Double.parseDouble(value(args, ++i, a));
          case "--out" -> outDir = Path.of(value(args, ++i, a));
          case "--resume" -> resume = true;
          case "--data" -> data = Path.of(value(args, ++i, a));
          case "--limit" -> limit = positive(a, value(args, ++i, a));
          case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
          case "-h", "--help" -> {
            out.println(USAGE);
            return 0;
          }
          default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("fashion-mnist train: " + e.getMessage());
      return 2;
    }
    Training.Options options = new Training.Options(net, epochs, batch, lr, outDir, resume, data, limit, seed);
    try {
      Training.Result r = new Training(options, err).run();
      out.printf("%s: %s after %d epochs, %s %.4f, %s of training%n", net.id(), r.weights(), r.epochsDone(),
          net.isDenoiser() ? "test EDM loss" : "test accuracy", r.testMetric(), Training.duration(r.seconds()));
      return 0;
    } catch (java.io.IOException e) {
      err.println("fashion-mnist train: " + e.getMessage());
      return 2;
    }
  }

  private static int sample(List<String> args, PrintStream out, PrintStream err) throws Exception {
    String variant = "s";
    Path weights = null;
    int perClass = 100;
    int steps = 18;
    double guidance = 1.0;
    long seed = 0;
    int batch = 100;
    Path dest = null;
    try {
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        switch (a) {
          case "--variant" -> variant = value(args, ++i, a);
          case "--weights" -> weights = Path.of(value(args, ++i, a));
          case "--per-class" -> perClass = positive(a, value(args, ++i, a));
          case "--steps" -> steps = positive(a, value(args, ++i, a));
          case "--guidance" -> guidance = Double.parseDouble(value(args, ++i, a));
          case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
          case "--batch" -> batch = positive(a, value(args, ++i, a));
          case "--out" -> dest = Path.of(value(args, ++i, a));
          default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
        }
      }
      if (dest == null) {
        throw new IllegalArgumentException("--out DIR is required");
      }
      new FashionMnistConfig(variant, null).validate();
    } catch (IllegalArgumentException | dev.diffsearch.core.config.ConfigException e) {
      err.println("fashion-mnist sample: " + e.getMessage());
      return 2;
    }
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      Net net = new FashionMnistConfig(variant, null).net();
      FashionMnistDenoiser d = FashionMnistDenoiser.open(net, m, weights);
      Sampling.sampleToDirectory(d, d.modelName(), perClass, steps, guidance, seed, batch, dest, m, err);
    } catch (java.io.IOException e) {
      err.println("fashion-mnist sample: " + e.getMessage());
      return 2;
    }
    out.println("wrote " + dest + " (evaluate it with: diffsearch eval " + dest + ")");
    return 0;
  }

  private static int grid(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Path run = null;
    Path dest = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--out") && i + 1 < args.size()) {
        dest = Path.of(args.get(++i));
      } else if (!a.startsWith("-") && run == null) {
        run = Path.of(a);
      } else {
        err.println("fashion-mnist grid: unexpected argument " + a + " (see --help)");
        return 2;
      }
    }
    if (run == null || dest == null) {
      err.println("fashion-mnist grid: give RUN_DIR and --out FILE.png");
      return 2;
    }
    try {
      Evaluation.Samples s = Evaluation.readRun(run);
      java.nio.file.Files.write(dest, Sampling.grid(s.x(), s.classes(), 10));
    } catch (java.io.IOException e) {
      err.println("fashion-mnist grid: " + e.getMessage());
      return 2;
    }
    out.println("wrote " + dest);
    return 0;
  }

  private static int referenceStats(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Path evaluator = null;
    Path dest = Path.of("fashion-mnist-train", "reference-stats.params");
    Path data = FashionMnist.DEFAULT_DIR;
    try {
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        switch (a) {
          case "--evaluator" -> evaluator = Path.of(value(args, ++i, a));
          case "--out" -> dest = Path.of(value(args, ++i, a));
          case "--data" -> data = Path.of(value(args, ++i, a));
          default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("fashion-mnist reference-stats: " + e.getMessage());
      return 2;
    }
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      Classifier c = Classifier.open(Net.EVALUATOR, m, evaluator);
      Reference.compute(c, evaluator, data, dest);
    } catch (java.io.IOException e) {
      err.println("fashion-mnist reference-stats: " + e.getMessage());
      return 2;
    }
    out.println("wrote " + dest);
    return 0;
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  private static int positive(String option, String v) {
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " wants a whole number, got '" + v + "'");
    }
    if (n < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + n);
    }
    return n;
  }
}
