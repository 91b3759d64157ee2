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
    return "train the fashion-mnist plugin's networks: fashion-mnist train {denoiser-s|denoiser-l|verifier|evaluator}";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.isEmpty() || args.get(0).equals("-h") || args.get(0).equals("--help")) {
      out.println(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    if (args.get(0).equals("reference-stats")) {
      return referenceStats(args.subList(1, args.size()), out, err);
    }
    if (!args.get(0).equals("train")) {
      err.println("fashion-mnist: unknown subcommand '" + args.get(0) + "' (known: train, reference-stats; see --help)");
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
    } catch (IdxException e) {
      err.println("fashion-mnist train: " + e.getMessage());
      return 2;
    }
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
