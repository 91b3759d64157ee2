package dev.diffsearch.plugins.fmnist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.cli.CommandSupport;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import dev.diffsearch.plugins.fmnist.eval.RunMetrics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code diffsearch fashion-mnist eval RUN_DIR} (with the defaults also {@code diffsearch eval RUN_DIR}, through
 * {@link dev.diffsearch.plugins.fmnist.eval.FashionMnistEvaluator}): scores a run's images with the evaluator network (never used by a
 * verifier) against the Fashion-MNIST test set and writes {@code RUN_DIR/metrics.json}: FID (shipped
 * reference statistics), KID and k-NN precision/recall (against the 10,000 test images), an
 * Inception-Score analog and the class accuracy of the samples against their conditioning classes.
 * {@code diffsearch fashion-mnist eval --reference} scores real test images against the training set instead: the
 * ceiling a model could reach.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, versionProvider = FashionMnistCommand.Version.class,
    description = {"Scores a run's images with the fashion-mnist evaluator and writes RUN_DIR/metrics.json.",
        "With --reference it scores real test images against the training set instead (the ceiling)."},
    footer = {"", "Metrics: FID and KID in the evaluator's 128-d feature space, IS analog (max 10), precision and"
        + " recall (k-NN manifolds), class accuracy of samples vs their conditioning class. A metric from too few"
        + " samples to be trusted gets a line in metrics.json's \"warnings\" and a warning on stderr."})
public final class EvalCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RUN_DIR", arity = "0..1",
      description = "a finished run directory (summary.json and its images)")
  Path run;

  @Option(names = "--reference", description = "score real test images against the training set instead of a run")
  boolean reference;

  @Option(names = "--samples", paramLabel = "N", converter = ReferenceSamples.class,
      description = "with --reference: how many test images, 10 to 10000, rounded down to a multiple of 10"
          + " (default: ${DEFAULT-VALUE}, 100 per class)")
  int samples = 1000;

  @Option(names = "--out", paramLabel = "FILE",
      description = "where to write the metrics (default: RUN_DIR/metrics.json; with --reference: stdout only)")
  Path outFile;

  @Option(names = "--k", paramLabel = "K", converter = CommandSupport.Positive.class,
      description = "neighbours for precision/recall (default: ${DEFAULT-VALUE})")
  int k = RunMetrics.K;

  @Option(names = "--kid-subsets", paramLabel = "S", converter = CommandSupport.Positive.class,
      description = "KID subsets (default: ${DEFAULT-VALUE})")
  int subsets = RunMetrics.KID_SUBSETS;

  @Option(names = "--evaluator", paramLabel = "FILE",
      description = "evaluator weights (default: the shipped ones; reference statistics are then recomputed)")
  Path evaluatorFile;

  @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST IDX files (default: ${DEFAULT-VALUE})")
  Path data = FashionMnist.DEFAULT_DIR;

  @Override
  public Integer call() throws Exception {
    PrintStream out = CommandSupport.out(spec);
    if (reference == (run != null)) {
      throw new ParameterException(spec.commandLine(), "give either RUN_DIR or --reference");
    }
    ObjectNode metrics = RunMetrics.measure(reference ? null : run, samples, k, subsets, evaluatorFile, data);
    String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(metrics);
    Path dest = outFile != null ? outFile : run != null ? run.resolve("metrics.json") : null;
    if (dest != null) {
      Files.writeString(dest, text + "\n");
    }
    out.println(text);
    if (dest != null) {
      out.println("wrote " + dest);
    }
    for (JsonNode warning : metrics.path("warnings")) {
      CommandSupport.err(spec).println("warning: " + warning.asText());
    }
    return 0;
  }

  /** {@code --samples}: 10 (one test image per class) to 10,000 (the whole test set). */
  static final class ReferenceSamples extends CommandSupport.Whole {
    ReferenceSamples() {
      super(FashionMnist.CLASSES, 10_000);
    }
  }
}
