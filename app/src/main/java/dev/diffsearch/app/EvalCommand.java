package dev.diffsearch.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.core.run.Runs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code diffsearch eval RUN_DIR}: the run's model's evaluator writes RUN_DIR/metrics.json. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Measures a finished run with its model's evaluator and writes RUN_DIR/metrics.json.",
        "The evaluator is chosen by the model run.json names (kind 'evaluator' in 'diffsearch plugins'):",
        "fashion-mnist: FID, KID, IS, precision/recall, class accuracy; shapes: GenEval's six tasks,",
        "every verifier's mean, a Frechet distance to real renders. A model plugin's own command",
        "(e.g. 'diffsearch fashion-mnist eval --help') offers the evaluator's options."})
final class EvalCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a finished run directory (run.json, summary.json, images/)")
  Path runDir;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    ObjectNode metrics = Runs.evaluate(runDir, common.startEngine(), w -> common.err().println("warning: " + w));
    common.out().println(metrics.toPrettyString());
    common.out().println("wrote " + runDir.resolve("metrics.json"));
    return 0;
  }
}
