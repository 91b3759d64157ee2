package dev.diffsearch.app;

import dev.diffsearch.api.cli.CommandSupport;
import dev.diffsearch.core.sweep.Condition;
import dev.diffsearch.core.sweep.DistributedSweep;
import dev.diffsearch.core.sweep.Results;
import dev.diffsearch.core.sweep.Sweep;
import dev.diffsearch.core.sweep.SweepSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code diffsearch sweep SWEEP.yaml [--out DIR] [--parallel N] [--threads N]}. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Runs a grid of pipelines, one run directory per combination of the axes' values.",
        "A sweep file names a base pipeline and axes (any config path and its",
        "values); every condition runs under the sweep directory as 'diffsearch run'",
        "would, and is evaluated with its model's evaluator. results.csv (one row per",
        "finished condition) is rewritten after each. Run it again to resume: finished",
        "conditions are kept, an interrupted one continues from its finished outputs."},
    footer = {"", "A sweep file:",
        "  pipeline: ../examples/quickstart.yaml    # relative to the sweep file",
        "  set: {conditions.samples-per-class: 10}  # every condition",
        "  axes:                                    # the first varies slowest",
        "    search.nfe: [19, 76, 304]",
        "    verifier: [{name: class-logit}, {name: self-supervised}]",
        "    seed: [0, 1, 2]",
        "  out: ../runs/my-sweep       # default: runs/FILE-NAME",
        "  evaluate: true              # the model's evaluator on each condition",
        "  parallel: 1                 # conditions at once",
        "  threads: 0                  # intra-op threads; 0: the engine's own",
        "A mapping value replaces the whole block; an axis of bundles,",
        "{label: ..., set: {path: value, ...}}, sets several paths together."})
final class SweepCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SWEEP.yaml", description = "the sweep file")
  Path file;

  @Option(names = "--out", paramLabel = "DIR",
      description = "the sweep directory (default: the file's out); with --spark also a Hadoop path: hdfs://HOST/PATH, ...")
  String out;

  @Option(names = "--parallel", paramLabel = "N", converter = CommandSupport.Positive.class,
      description = "conditions at once (default: the file's parallel, else 1)")
  Integer parallel;

  @Option(names = "--threads", paramLabel = "N", converter = CommandSupport.Positive.class,
      description = "the engine's intra-op threads (default: the file's threads, else the engine's own)")
  Integer threads;

  @Option(names = "--dry-run", description = "check every condition and list them; run and write nothing")
  boolean dryRun;

  @Option(names = "--spark", paramLabel = "MASTER",
      description = "run the conditions on Apache Spark: local[N], spark://HOST:PORT, ... (docs/spark.md)")
  String spark;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    SweepSpec spec = SweepSpec.read(file);
    if (out != null) {
      spec = spec.withOut(out, "--out");
    }
    if (spec.shared() != null && spark == null && !dryRun) {
      throw new dev.diffsearch.api.config.ConfigException(out != null ? "--out" : file + ": out",
          spec.shared() + " is a Hadoop path: run the sweep on Spark (--spark MASTER), or give a local directory");
    }
    String where = spec.shared() != null ? spec.shared().toString() : spec.out().toString();
    spec = spec.withConcurrency(parallel != null ? parallel : spec.parallel(), threads != null ? threads : spec.threads());
    PrintWriter err = common.err();
    int total = Condition.expand(spec).size();
    err.printf("sweep %s: %d conditions (%s) -> %s%n", file, total, axes(spec), where);
    err.flush();
    Sweep sweep = new Sweep(spec, common.startEngine(), System::getenv, new Lines(err, total));
    if (dryRun) {
      for (Condition c : sweep.check()) {
        common.out().println(c.id() + "\t" + String.join(" ", c.overrides(spec)));
      }
      common.out().printf("%d conditions checked; nothing run%n", total);
      return 0;
    }
    Sweep.Outcome o = spark == null ? sweep.run()
        : Distributed.find(DistributedSweep.class, DistributedSweep::name, "spark").run(spec, common.startEngine(), System::getenv, spark, new Lines(err, total));
    common.out().printf("sweep %s: %d conditions: %d ran, %d kept from before, %d failed; %s/%s%n", where, total, o.ran(),
        o.kept(), o.failed().size(), where, Results.CSV);
    if (!o.failed().isEmpty()) {
      err.println("error: conditions failed: " + String.join(", ", o.failed()) + " (run the sweep again to retry them)");
      return 1;
    }
    return 0;
  }

  private static String axes(SweepSpec spec) {
    List<String> parts = spec.axes().entrySet().stream().map(e -> e.getKey() + " x" + e.getValue().size()).toList();
    return String.join(", ", parts);
  }

  /** One line per event on stderr. */
  private record Lines(PrintWriter err, int total) implements Sweep.Listener {

    @Override
    public synchronized void started(Condition c, boolean resumed) {
      err.printf("  %s %s (%s)%n", resumed ? "resuming" : "running", c.id(), c.describe());
      err.flush();
    }

    @Override
    public synchronized void finished(Condition c, double wallSeconds, int done, int all) {
      err.printf("  [%d/%d] %s done in %.1f s%n", done, all, c.id(), wallSeconds);
      err.flush();
    }

    @Override
    public synchronized void failed(Condition c, Exception e) {
      err.printf("  %s failed: %s%n", c.id(), e.getMessage() == null ? e.toString() : e.getMessage());
      err.flush();
    }

    @Override
    public synchronized void note(String line) {
      err.println("  " + line);
      err.flush();
    }
  }
}
