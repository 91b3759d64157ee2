package dev.diffsearch.plugins.fmnist.cli;

import dev.diffsearch.api.cli.CommandSupport;
import dev.diffsearch.api.denoise.GuidedDenoiser;
import dev.diffsearch.api.spi.Extensions;
import dev.diffsearch.api.spi.PluginCommand;
import dev.diffsearch.api.spi.Sampler;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import dev.diffsearch.plugins.fmnist.eval.Evaluation;
import dev.diffsearch.plugins.fmnist.eval.Reference;
import dev.diffsearch.plugins.fmnist.net.Bench;
import dev.diffsearch.plugins.fmnist.net.Classifier;
import dev.diffsearch.plugins.fmnist.net.FashionMnistDenoiser;
import dev.diffsearch.plugins.fmnist.net.Net;
import dev.diffsearch.plugins.fmnist.train.Training;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pf4j.Extension;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code diffsearch fashion-mnist train|sample|eval|grid|bench|reference-stats ...}: (re)trains one of the
 * plugin's networks ({@code denoiser-s}, {@code denoiser-l}, {@code verifier}, {@code evaluator}), samples
 * without search, evaluates a run or real images with every option of the evaluator, draws a run's grid, measures the denoisers and remakes the FID reference statistics.
 * {@code sample} solves with the built-in {@code heun} sampler, which it looks up among the extensions.
 */
@Extension
@Command(name = "fashion-mnist", mixinStandardHelpOptions = true, versionProvider = FashionMnistCommand.Version.class,
    description = "Trains, samples, evaluates, draws and measures the fashion-mnist plugin's networks.",
    subcommands = {FashionMnistCommand.Train.class, FashionMnistCommand.Sample.class, EvalCommand.class,
        FashionMnistCommand.Grid.class, FashionMnistCommand.Benchmark.class, FashionMnistCommand.ReferenceStats.class},
    footer = {"", "NET of train: denoiser-s | denoiser-l | verifier | evaluator.",
        "Run 'diffsearch fashion-mnist COMMAND --help' for a command's options.", FashionMnistCommand.THREADS})
public final class FashionMnistCommand implements PluginCommand, Callable<Integer> {

  static final String THREADS =
      "Threads: the PyTorch engine takes OMP_NUM_THREADS%n(or JAVA_OPTS=-Dai.djl.pytorch.num_threads=N).";

  @Spec CommandSpec spec;

  private final Extensions extensions;

  /** @param extensions where {@code sample} finds the {@code heun} sampler */
  @Inject
  public FashionMnistCommand(Extensions extensions) {
    this.extensions = extensions;
  }

  @Override
  public Object command() {
    return new FashionMnistCommand(extensions);
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "name a subcommand: train, sample, eval, grid, bench or reference-stats");
  }

  /** What every subcommand has: {@code --help}, {@code --version} and this command, with its streams. */
  @Command(mixinStandardHelpOptions = true, versionProvider = Version.class)
  abstract static class Part implements Callable<Integer> {

    @ParentCommand FashionMnistCommand root;

    PrintStream out() {
      return CommandSupport.out(root.spec);
    }

    PrintStream err() {
      return CommandSupport.err(root.spec);
    }
  }

  @Command(name = "train",
      description = {"Trains one of the plugin's networks, or resumes its training.",
          "Progress goes to stderr and DIR/train.log; a checkpoint is written after every epoch.",
          "Training the evaluator also writes DIR/reference-stats.params (the FID reference statistics)."},
      footer = {"", "To ship new weights, copy DIR/NET.params to",
          "plugins/fashion-mnist/src/main/resources/dev/diffsearch/plugins/fmnist/weights/.", THREADS})
  static final class Train extends Part {

    @Parameters(paramLabel = "NET", converter = NetName.class,
        description = "the network: denoiser-s, denoiser-l, verifier or evaluator")
    Net net;

    @Option(names = "--epochs", paramLabel = "N", converter = CommandSupport.Positive.class,
        description = "epochs to train in all (default: denoiser-s 4, denoiser-l 2, verifier 3, evaluator 5)")
    Integer epochs;

    @Option(names = "--out", paramLabel = "DIR",
        description = "where checkpoint.params, NET.params, train.log go (default: fashion-mnist-train/NET)")
    Path out;

    @Option(names = "--resume",
        description = "continue from DIR/checkpoint.params (same --epochs: the schedule depends on it)")
    boolean resume;

    @Option(names = "--batch", paramLabel = "B", converter = CommandSupport.Positive.class,
        description = "batch size (default: 128)")
    Integer batch;

    @Option(names = "--lr", paramLabel = "X", converter = CommandSupport.LearningRate.class,
        description = "peak learning rate, above 0 and at most 1 (default: denoisers 1e-3, classifiers 2e-3)")
    Double lr;

    @Option(names = "--limit", paramLabel = "N", converter = CommandSupport.Positive.class,
        description = "train on the first N images only (smoke tests)")
    Integer limit;

    @Option(names = "--seed", paramLabel = "S", converter = CommandSupport.Seed.class,
        description = "seed of initialisation, shuffling and noise"
            + " (default: denoiser-s 1, denoiser-l 2, verifier 3, evaluator 4)")
    Long seed;

    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST IDX files (default: ${DEFAULT-VALUE})")
    Path data = FashionMnist.DEFAULT_DIR;

    @Override
    public Integer call() throws Exception {
      Training.Options d = Training.Options.defaults(net);
      Training.Options options = new Training.Options(net, epochs != null ? epochs : d.epochs(),
          batch != null ? batch : d.batch(), lr != null ? lr : d.lr(), out, resume, data, limit != null ? limit : 0,
          seed != null ? seed : d.seed());
      Training.Result r = new Training(options, err()).run();
      out().printf("%s: %s after %d epochs, %s %.4f, %s of training%n", net.id(), r.weights(), r.epochsDone(),
          net.isDenoiser() ? "test EDM loss" : "test accuracy", r.testMetric(), Training.duration(r.seconds()));
      return 0;
    }
  }

  @Command(name = "sample",
      description = {"Samples N images per class with the heun sampler (batched, no search) into a run directory.",
          "It holds images/ and summary.json, which 'diffsearch fashion-mnist eval' reads, and grid.png (10 per class)."})
  static final class Sample extends Part {

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the run directory to write")
    Path out;

    @Option(names = "--variant", paramLabel = "s|l", converter = Variant.class,
        description = "the model: s (fmnist-s) or l (fmnist-l) (default: s)")
    Net variant = Net.DENOISER_S;

    @Option(names = "--weights", paramLabel = "FILE",
        description = "weights written by 'fashion-mnist train' (default: the shipped ones)")
    Path weights;

    @Option(names = "--per-class", paramLabel = "N", converter = PerClass.class,
        description = "images per class, at most 10000 (default: ${DEFAULT-VALUE})")
    int perClass = 100;

    @Option(names = "--steps", paramLabel = "N", converter = Steps.class,
        description = "heun steps, at most 100000; 2N-1 NFE per image (default: ${DEFAULT-VALUE})")
    int steps = 18;

    @Option(names = "--guidance", paramLabel = "W", converter = Guidance.class,
        description = "classifier-free guidance weight from 0 to 100; 1 is the plain conditional model"
            + " (default: ${DEFAULT-VALUE})")
    double guidance = 1.0;

    @Option(names = "--seed", paramLabel = "S", converter = CommandSupport.Seed.class,
        description = "seed of the noise (default: ${DEFAULT-VALUE})")
    long seed = 0;

    @Option(names = "--batch", paramLabel = "B", converter = CommandSupport.Positive.class,
        description = "images per denoiser call (default: ${DEFAULT-VALUE})")
    int batch = 100;

    @Override
    public Integer call() throws Exception {
      Sampler heun = Sampling.heun(root.extensions, steps);
      try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
        FashionMnistDenoiser d = FashionMnistDenoiser.open(variant, m, weights);
        Sampling.sampleToDirectory(d, d.modelName(), perClass, heun, steps, guidance, seed, batch, out, m, err());
      }
      out().println("wrote " + out + " (evaluate it with: diffsearch fashion-mnist eval " + out + ")");
      return 0;
    }
  }

  @Command(name = "grid", description = "Draws a run's images into one PNG, a row of 10 per class.")
  static final class Grid extends Part {

    @Parameters(paramLabel = "RUN_DIR", description = "a finished run directory (summary.json and its images)")
    Path run;

    @Option(names = "--out", paramLabel = "FILE.png", required = true, description = "the PNG file to write")
    Path out;

    @Override
    public Integer call() throws Exception {
      Evaluation.Samples s = Evaluation.readRun(run);
      java.nio.file.Files.write(out, Sampling.grid(s.x(), s.classes(), 10));
      out().println("wrote " + out);
      return 0;
    }
  }

  @Command(name = "bench",
      description = {"Measures bare denoiser NFE/s of fmnist-s and fmnist-l per batch size.",
          "It also prints each model's parameters and multiply-accumulates (MACs) per sample, and a",
          "roofline: the engine's GMAC/s on a large sgemm and convolution here, each model's GMAC/s",
          "and its share of that roof."},
      footer = {"", THREADS})
  static final class Benchmark extends Part {

    @Option(names = "--variants", split = ",", paramLabel = "s|l", converter = Variant.class,
        description = "the models to measure (default: s,l)")
    Net[] nets = {Net.DENOISER_S, Net.DENOISER_L};

    @Option(names = "--batches", split = ",", paramLabel = "B", converter = CommandSupport.Positive.class,
        description = "batch sizes (default: 1,16,64)")
    int[] batches = {1, 16, 64};

    @Option(names = "--seconds", paramLabel = "S", converter = Seconds.class,
        description = "measuring time per model and batch size, above 0 and at most 86400 (default: ${DEFAULT-VALUE})")
    double seconds = 5;

    @Override
    public Integer call() throws Exception {
      Bench.run(List.of(nets), batches, seconds, out());
      return 0;
    }
  }

  @Command(name = "reference-stats",
      description = {"Computes the evaluator's feature statistics of the test and training sets (the FID reference).",
          "'fashion-mnist train evaluator' also writes them, to DIR/reference-stats.params."})
  static final class ReferenceStats extends Part {

    @Option(names = "--evaluator", paramLabel = "FILE", description = "evaluator weights (default: the shipped ones)")
    Path evaluator;

    @Option(names = "--out", paramLabel = "FILE", description = "the file to write (default: ${DEFAULT-VALUE})")
    Path out = Path.of("fashion-mnist-train", "reference-stats.params");

    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST IDX files (default: ${DEFAULT-VALUE})")
    Path data = FashionMnist.DEFAULT_DIR;

    @Override
    public Integer call() throws Exception {
      try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
        Classifier c = Classifier.open(Net.EVALUATOR, m, evaluator);
        Reference.compute(c, evaluator, data, out);
      }
      out().println("wrote " + out);
      return 0;
    }
  }

  /** {@code fashion-mnist plugin VERSION}, from the plugin jar. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {CommandSupport.pluginVersion("fashion-mnist plugin", FashionMnistCommand.class)};
    }
  }

  /** A network of {@code train}: denoiser-s, denoiser-l, verifier or evaluator. */
  static final class NetName implements ITypeConverter<Net> {
    @Override
    public Net convert(String value) {
      try {
        return Net.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A denoiser variant, as the model backend's {@code variant}: s or l. */
  static final class Variant implements ITypeConverter<Net> {
    @Override
    public Net convert(String value) {
      return switch (value.trim()) {
        case "s" -> Net.DENOISER_S;
        case "l" -> Net.DENOISER_L;
        default -> throw new TypeConversionException("must be s or l, got '" + value + "'");
      };
    }
  }

  /** A classifier-free guidance weight, as the pipeline's {@code model.guidance}: 0 to 100. */
  static final class Guidance extends CommandSupport.Finite {
    Guidance() {
      super(0, true, GuidedDenoiser.MAX_GUIDANCE);
    }
  }

  /** Seconds of a measurement: above 0, at most a day. */
  static final class Seconds extends CommandSupport.Finite {
    Seconds() {
      super(0, false, 86_400);
    }
  }

  /** Images per class of {@code sample}: 10,000 per class (100,000 images) is all it holds in memory at once. */
  static final class PerClass extends CommandSupport.Whole {
    PerClass() {
      super(1, 10_000);
    }
  }

  /** Heun steps, as the samplers' {@code steps}: 1 to 100,000. */
  static final class Steps extends CommandSupport.Whole {
    Steps() {
      super(1, 100_000);
    }
  }
}
