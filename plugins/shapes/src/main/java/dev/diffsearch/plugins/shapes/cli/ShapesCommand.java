package dev.diffsearch.plugins.shapes.cli;

import dev.diffsearch.api.cli.CommandSupport;
import dev.diffsearch.api.spi.PluginCommand;
import dev.diffsearch.nets.TrainLoop;
import ai.djl.ndarray.NDManager;
import dev.diffsearch.plugins.shapes.clip.ClipTraining;
import dev.diffsearch.plugins.shapes.eval.RunEvaluation;
import dev.diffsearch.plugins.shapes.model.DenoiserTraining;
import dev.diffsearch.plugins.shapes.model.Variant;
import dev.diffsearch.plugins.shapes.quality.PreferenceTraining;
import dev.diffsearch.plugins.shapes.quality.QualityTraining;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pf4j.Extension;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code diffsearch shapes train NET}: (re)trains the shapes plugin's networks: the CLIP-like dual encoder
 * ({@code dual-encoder}) and the text-to-image denoisers ({@code denoiser-s}, {@code denoiser-l}).
 */
@Extension
@Command(name = "shapes", mixinStandardHelpOptions = true,
    description = "Trains the shapes plugin's networks (the text-to-image world of coloured shapes).",
    subcommands = {ShapesCommand.Train.class, ShapesCommand.Eval.class},
    footer = {"", "Threads: the PyTorch engine takes OMP_NUM_THREADS (or JAVA_OPTS=-Dai.djl.pytorch.num_threads=N)."})
public final class ShapesCommand implements PluginCommand, Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "name a subcommand: train or eval");
  }

  @Command(name = "eval", mixinStandardHelpOptions = true,
      description = {"Evaluates a run of a shapes prompt suite and writes RUN_DIR/metrics.json:",
          "GenEval's six tasks decided by parsing each image (per task, overall, held-out compositions),",
          "the mean CLIPScore and a Frechet distance to real renders in the dual encoder's image space."})
  static final class Eval implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "a finished run whose prompts carry task and spec (a shapes suite)")
    Path run;

    @Option(names = "--encoder", paramLabel = "FILE", description = "dual-encoder weights (default: the shipped ones)")
    Path encoder;

    @Override
    public Integer call() throws Exception {
      try (NDManager m = NDManager.newBaseManager()) {
        var metrics = RunEvaluation.evaluate(run, encoder, m);
        CommandSupport.out(spec).println(metrics.toPrettyString());
        CommandSupport.out(spec).println("wrote " + run.resolve("metrics.json"));
      }
      return 0;
    }
  }

  @Command(name = "train", mixinStandardHelpOptions = true,
      description = {"Trains one of the plugin's networks, or resumes its training.",
          "Progress goes to stderr and DIR/train.log; a checkpoint and the moving-average weights DIR/NET.params",
          "are written every --checkpoint-every steps and at the end."},
      footer = {"", "NET: dual-encoder (the CLIP-like text and image encoder: conditioning, clip-score),",
          "aesthetic, preference (the heads of those verifiers), denoiser-s, denoiser-l (the text-to-image",
          "denoisers shapes-s and shapes-l); train the encoder first: the others read it (--encoder FILE).",
          "To ship new weights, copy DIR/NET.params to plugins/shapes/src/main/resources/dev/diffsearch/plugins/shapes/weights/."})
  static final class Train implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NET", description = "the network: dual-encoder, aesthetic, preference, denoiser-s or denoiser-l")
    String net;

    @Option(names = "--steps", paramLabel = "N", converter = CommandSupport.Positive.class,
        description = "training steps in all; a resumed run needs the same (default: ${DEFAULT-VALUE})")
    int steps = 4000;

    @Option(names = "--batch", paramLabel = "B", converter = CommandSupport.Positive.class,
        description = "scenes per step, each with its caption and a near miss (default: ${DEFAULT-VALUE})")
    int batch = 128;

    @Option(names = "--lr", paramLabel = "X", converter = CommandSupport.LearningRate.class,
        description = "peak learning rate (default: ${DEFAULT-VALUE})")
    double lr = 2e-3;

    @Option(names = "--seed", paramLabel = "S", converter = CommandSupport.Seed.class,
        description = "seed of initialisation and of the scenes (default: ${DEFAULT-VALUE})")
    long seed = 11;

    @Option(names = "--checkpoint-every", paramLabel = "N", converter = CommandSupport.Positive.class,
        description = "steps between checkpoints and measurements (default: ${DEFAULT-VALUE})")
    int checkpointEvery = 500;

    @Option(names = "--out", paramLabel = "DIR", description = "where checkpoint.params, NET.params, train.log go"
        + " (default: shapes-train/NET)")
    Path out;

    @Option(names = "--resume", description = "continue from DIR/checkpoint.params (same --steps)")
    boolean resume;

    @Option(names = "--encoder", paramLabel = "FILE",
        description = "all but the encoder: the dual-encoder weights they read (default: the shipped ones)")
    Path encoder;

    @Override
    public Integer call() throws Exception {
      Path dir = out != null ? out : Path.of("shapes-train", net);
      TrainLoop.Options options = new TrainLoop.Options(steps, batch, lr, seed, dir, resume, checkpointEvery);
      TrainLoop.Result r;
      switch (net) {
        case "dual-encoder" -> r = TrainLoop.run(new ClipTraining(), options, CommandSupport.err(spec));
        case "aesthetic" -> {
          try (QualityTraining task = new QualityTraining(encoder)) {
            r = TrainLoop.run(task, options, CommandSupport.err(spec));
          }
        }
        case "preference" -> {
          try (PreferenceTraining task = new PreferenceTraining(encoder)) {
            r = TrainLoop.run(task, options, CommandSupport.err(spec));
          }
        }
        case "denoiser-s", "denoiser-l" -> {
          try (DenoiserTraining task = new DenoiserTraining(net.endsWith("s") ? Variant.S : Variant.L, encoder)) {
            r = TrainLoop.run(task, options, CommandSupport.err(spec));
          }
        }
        default -> throw new ParameterException(spec.commandLine(),
            "unknown network '" + net + "' (networks: dual-encoder, aesthetic, preference, denoiser-s, denoiser-l)");
      }
      CommandSupport.out(spec).printf("%s: %s, %s, %s of training%n", net, r.weights(), r.metrics(),
          TrainLoop.duration(r.seconds()));
      return 0;
    }
  }
}
