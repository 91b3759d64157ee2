package dev.diffsearch.app;

import dev.diffsearch.report.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code diffsearch report DIR [--metrics a,b]}: DIR/report.html of a sweep or a run. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes DIR/report.html, one self-contained page (no network) of a sweep or a run.",
        "A sweep: each metric against NFE per output (log scale; one line per",
        "combination of the axes that do not set the budget, error bars over seeds),",
        "precision and recall (diversity), the verifier's mean against the",
        "evaluator's metrics with Pearson's r, the correlation of an ensemble's",
        "members over every candidate, a grid of kept samples per condition, the",
        "results table. A run: its kept samples, the distribution of its verifier",
        "scores, its ensemble members' correlation.",
        "Every figure is also written as DIR/report/NAME.svg and .png."})
final class ReportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "a sweep directory (results.csv) or a run directory")
  Path dir;

  @Option(names = "--metrics", paramLabel = "M", split = ",",
      description = "the metrics to plot (default: those of fid, inception-score, class-accuracy, precision, recall,"
          + " kid, geneval.overall, clip-score, aesthetic, preference, fd-dual-encoder that the sweep has, and"
          + " verifier-mean)")
  List<String> metrics = new ArrayList<>();

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Path html = Report.write(dir, metrics);
    common.out().println("wrote " + html);
    return 0;
  }
}
