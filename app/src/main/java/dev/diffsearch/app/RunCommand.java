package dev.diffsearch.app;

import dev.diffsearch.api.cli.CommandSupport;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.core.engine.EngineSetup;
import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.run.DistributedRun;
import dev.diffsearch.core.run.Progress;
import dev.diffsearch.core.run.RunStore;
import dev.diffsearch.core.run.Runs;
import dev.diffsearch.core.run.SharedPath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code diffsearch run CONFIG.yaml [--set k=v]... [--out DIR]} or {@code run --resume RUN_DIR}. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs a search pipeline and writes a run directory.",
        "The directory holds run.json, candidates.jsonl, images/, noises/, summary.json, and engine.log",
        "(the native engine's warnings, kept off the console)."})
final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG.yaml", description = "the pipeline")
  Path config;

  @Option(names = "--set", paramLabel = "PATH=VALUE", description = "override a config value, e.g. --set search.nfe=400")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR",
      description = "the run directory (default: output.dir/output.name); with --spark also a Hadoop path: hdfs://HOST/PATH, ...")
  String out;

  @Option(names = "--resume", paramLabel = "RUN_DIR",
      description = "continue a killed run: finished outputs whose files are all there are kept, others recomputed")
  Path resume;


  @Option(names = "--no-progress", description = "no progress bar")
  boolean noProgress;

  @Option(names = "--threads", paramLabel = "N", converter = CommandSupport.Positive.class,
      description = {"the engine's intra-op threads for this run (default: the engine's own, one per core; with",
          "--resume: the run's own); with fewer than the cores, cohorts of outputs run side by side (cores / N)"})
  Integer threads;

  @Option(names = "--spark", paramLabel = "MASTER",
      description = {"split the run by output across Apache Spark's executors: local[N], spark://HOST:PORT, ...;",
          "the same command again continues it (docs/spark.md)"})
  String spark;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    SharedPath shared = out == null ? null : SharedPath.parse(out, "--out");
    if (shared != null && spark == null) {
      throw new ConfigException("--out", shared.uri() + " is a Hadoop path: split the run on Spark (--spark MASTER),"
          + " or give a local directory");
    }
    PluginDirs plugins = common.startEngine();
    if (spark != null) {
      return onSpark(plugins, shared);
    }
    ProgressBar bar = noProgress ? null : new ProgressBar(common.err(), EngineConsole.stderrIsTerminal());
    Progress.Listener progress = bar == null ? Progress.Listener.NONE : bar;
    Runs.Outcome outcome = null;
    Optional<Integer> engineThreads = EngineSetup.intraOpThreads();
    Integer wanted = threads;
    if (wanted == null && resume != null) { // continue at the threads the run was made with
      int recorded = RunStore.readRunJson(resume).path("engine-threads").asInt(0);
      wanted = recorded > 0 && engineThreads.isPresent() && recorded != engineThreads.get() ? recorded : null;
    }
    int side = 1;
    if (wanted != null) {
      if (!EngineSetup.setIntraOpThreads(wanted)) {
        throw new ConfigException("--threads", "the engine's intra-op threads cannot be set here");
      }
      side = Math.max(1, Runtime.getRuntime().availableProcessors() / wanted);
    }
    try {
      if (resume != null) {
        if (config != null || !overrides.isEmpty()) {
          throw new ConfigException("--resume", "takes no CONFIG or --set: the run's run.json holds its configuration");
        }
        outcome = Runs.resume(resume, plugins, System::getenv, progress, common.err()::println, null, side);
      } else {
        if (config == null) {
          throw new ConfigException("run", "missing CONFIG.yaml (or --resume RUN_DIR)");
        }
        outcome = Runs.start(new Runs.Request(config, overrides, out == null ? null : Path.of(out), plugins, System::getenv,
            progress, side));
      }
    } finally {
      if (wanted != null) { // the setting is the process's: put it back for whatever runs next in it (tests)
        engineThreads.ifPresent(EngineSetup::setIntraOpThreads);
      }
      if (bar != null) {
        bar.finish();
      }
      EngineConsole.writeLog(outcome != null ? outcome.runDir() : resume);
    }
    return report(outcome, outcome.runDir());
  }

  /** The run's last line: what it did. */
  private int report(Runs.Outcome outcome, Object where) {
    var r = outcome.result();
    common.out().printf("run %s: %d outputs done (%d kept from before), search NFE %d, final NFE %d, %.1f s%n",
        where, r.outputsRun(), r.outputsSkipped(), r.searchNfe(), r.finalNfe(), r.wallSeconds());
    return 0;
  }

  /** The run split by output across Spark's executors, then merged: as a plain run's, its last line. */
  private int onSpark(PluginDirs plugins, SharedPath shared) throws Exception {
    if (resume != null) {
      throw new ConfigException("--spark", "runs CONFIG.yaml, not --resume: the same command again continues a split run");
    }
    if (config == null) {
      throw new ConfigException("run", "missing CONFIG.yaml");
    }
    DistributedRun engine = Distributed.find(DistributedRun.class, DistributedRun::name, "spark");
    Runs.Outcome outcome = null;
    try {
      Path dir = shared != null ? shared.mirror() : out == null ? null : Path.of(out);
      outcome = engine.run(new Runs.Request(config, overrides, dir, plugins, System::getenv, Progress.Listener.NONE),
          shared == null ? null : shared.uri(), spark, threads == null ? 0 : threads,
          line -> common.err().println("run: " + line));
    } finally {
      // the native engine's lines, as a plain run keeps them (in the local mirror of a Hadoop path)
      EngineConsole.writeLog(outcome != null ? outcome.runDir() : out == null || shared != null ? null : Path.of(out));
    }
    return report(outcome, shared != null ? shared.uri() : outcome.runDir());
  }
}
