package dev.diffsearch.spark;

import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.sweep.Condition;
import dev.diffsearch.core.sweep.DistributedSweep;
import dev.diffsearch.core.sweep.Results;
import dev.diffsearch.core.sweep.Sweep;
import dev.diffsearch.core.sweep.SweepSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * A sweep on Apache Spark. The driver prepares the sweep as {@link Sweep#prepare} does (checks every condition,
 * claims the sweep directory, keeps what finished before), then hands the conditions left to the executors, one
 * per partition, so that Spark schedules, and after a lost executor retries, each condition on its own. An executor
 * runs its conditions with {@link Sweep#runCondition} against one {@link ExecutorState#workbench} for its whole JVM:
 * plugins started and each model opened once, however many tasks it runs. A condition whose task is retried is
 * resumed through its run store (its finished outputs kept), so its files are those of an uninterrupted run. The
 * driver rewrites {@code results.csv} as each condition finishes and, at the end, writes its Parquet copy
 * {@code results.parquet}.
 */
public final class SparkSweep implements DistributedSweep {

  /** The Parquet copy of {@code results.csv}, in the sweep directory. */
  public static final String PARQUET = "results.parquet";

  /** What an executor reports per condition: {@code ID<TAB>ran|kept|failed: ...<TAB>EXECUTOR<TAB>MODEL_LOADS}. */
  record Report(String id, String status, String executor, int modelLoads) {
    static Report parse(String line) {
      String[] f = line.split("\t", 4);
      return new Report(f[0], f[1], f[2], Integer.parseInt(f[3]));
    }
  }

  /** What {@link #run} leaves beside the sweep's outcome: each executor's model loads, by executor id. */
  public record Loads(Map<String, Integer> byExecutor) {}

  private volatile Loads lastLoads = new Loads(Map.of());

  @Override
  public String name() {
    return "spark";
  }

  /** Each executor's model loads of the last {@link #run}: what "one model per executor JVM" is measured by. */
  public Loads lastLoads() {
    return lastLoads;
  }

  @Override
  public Sweep.Outcome run(SweepSpec spec, PluginDirs plugins, Function<String, String> env, String master,
      Sweep.Listener listener) throws IOException {
    SparkSession session = null;
    SharedDir shared = null;
    try {
      if (spec.shared() != null) { // the driver reads a local mirror of what the shared directory holds
        session = start(spec, master);
        shared = new SharedDir(spec.shared(), session.sparkContext().hadoopConfiguration());
        mirror(shared, spec);
      }
      return run(spec, plugins, env, master, listener, session, shared);
    } finally {
      if (session != null) {
        session.stop();
      }
    }
  }

  private Sweep.Outcome run(SweepSpec spec, PluginDirs plugins, Function<String, String> env, String master,
      Sweep.Listener listener, SparkSession started, SharedDir shared) throws IOException {
    Sweep sweep = new Sweep(spec, plugins, env, listener);
    Sweep.Prepared prepared = sweep.prepare();
    List<Condition> conditions = prepared.conditions();
    List<String> todo = prepared.todo().stream().map(Condition::id).toList();
    Path dir = prepared.dir();
    if (shared != null) {
      publish(shared, dir, Sweep.SWEEP_JSON);
      publish(shared, dir, Results.CSV);
    }
    List<String> failed = Collections.synchronizedList(new ArrayList<>());
    Map<String, Integer> loads = new ConcurrentHashMap<>();
    boolean parquet = shared != null ? shared.exists(PARQUET) : java.nio.file.Files.isDirectory(dir.resolve(PARQUET));
    if (!todo.isEmpty() || !parquet) { // (a Parquet copy of what finished)
      SparkSession session = started != null ? started : start(spec, master);
      try (JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext())) {
        AtomicInteger done = new AtomicInteger(prepared.kept());
        java.util.Set<String> announced = ConcurrentHashMap.newKeySet();
        // a finished condition is announced once: by the listener as its task ends, or after the job by the
        // sweep-up below (the listener bus runs behind the job: its last events may come after collect returns)
        java.util.function.Consumer<Condition> announce = c -> {
          Path run = dir.resolve(c.id());
          try {
            if (shared != null && !Sweep.finished(run)) {
              fetch(shared, dir, c.id());
            }
            if (Sweep.finished(run) && announced.add(c.id())) {
              writeResults(dir, conditions, shared);
              listener.finished(c, Sweep.wallOf(run), done.incrementAndGet(), conditions.size());
            }
          } catch (IOException e) {
            listener.note("results.csv not rewritten after " + c.id() + ": " + e.getMessage());
          }
        };
        Jobs.TaskEnds progress = new Jobs.TaskEnds(i -> announce.accept(prepared.todo().get(i)));
        sc.sc().addSparkListener(progress);
        List<String> lines = todo.isEmpty() ? List.of() : sc.parallelize(todo, todo.size())
            .mapPartitions(new RunConditions(spec.file().toAbsolutePath().toString(), dir.toAbsolutePath().toString(),
                shared, PluginPaths.of(plugins), spec.threads()))
            .collect();
        prepared.todo().forEach(announce);
        sc.sc().removeSparkListener(progress); // the Parquet job's tasks are no conditions
        if (progress.lost() > 0) {
          listener.note(progress.lost() + " task(s) lost (an executor died or a task failed) and run again: their"
              + (shared == null ? " conditions resumed from their finished outputs"
                  : " conditions run again in another executor's scratch directory"));
        }
        for (String line : lines) {
          Report r = Report.parse(line);
          loads.merge(r.executor(), r.modelLoads(), Math::max);
          if (r.status().startsWith("failed")) {
            failed.add(r.id());
            Condition c = prepared.todo().stream().filter(x -> x.id().equals(r.id())).findFirst().orElseThrow();
            listener.failed(c, new IOException(r.status().substring("failed: ".length())));
          }
        }
        writeResults(dir, conditions, shared); // (with nothing to run, prepare() wrote it)
        writeParquet(dir, shared != null ? shared.uri() + "/" + PARQUET : dir.resolve(PARQUET).toUri().toString(), session);
      }
    }
    lastLoads = new Loads(Map.copyOf(loads));
    if (!loads.isEmpty()) {
      listener.note("models opened per executor: " + new java.util.TreeMap<>(loads).toString().replaceAll("[{}]", ""));
    }
    List<String> failedInOrder = conditions.stream().map(Condition::id).filter(failed::contains).toList();
    return new Sweep.Outcome(dir, todo.size() - failedInOrder.size(), prepared.kept(), failedInOrder);
  }

  private static SparkSession start(SweepSpec spec, String master) {
    SparkConf conf = Jobs.conf("diffsearch sweep " + spec.file().getFileName(), master)
        .setIfMissing("spark.sql.debug.maxToStringFields", "1000"); // results.csv's columns, without a warning
    SparkSession session = SparkSession.builder().config(conf).getOrCreate();
    session.sparkContext().setLogLevel("WARN");
    return session;
  }

  /**
   * Makes the local mirror of a shared sweep directory hold what the driver reads there: {@code sweep.json} and,
   * of each finished condition, what results.csv reads. Anything in the mirror from before is removed first.
   */
  private static void mirror(SharedDir shared, SweepSpec spec) throws IOException {
    Path dir = spec.out();
    if (java.nio.file.Files.exists(dir)) {
      dev.diffsearch.core.run.RunStore.deleteTree(dir);
    }
    java.nio.file.Files.createDirectories(dir);
    shared.download(Sweep.SWEEP_JSON, dir.resolve(Sweep.SWEEP_JSON));
    for (Condition c : Condition.expand(spec)) {
      fetch(shared, dir, c.id());
    }
  }

  /**
   * Copies what results.csv reads of condition {@code id} into the mirror, when it has finished there; its
   * condition.json last, as what says it finished.
   */
  private static void fetch(SharedDir shared, Path dir, String id) throws IOException {
    if (shared.exists(id + "/" + Results.CONDITION_JSON)) {
      for (String file : Results.READ) {
        if (!file.equals(Results.CONDITION_JSON)) {
          shared.download(id + "/" + file, dir.resolve(id).resolve(file));
        }
      }
      shared.download(id + "/" + Results.CONDITION_JSON, dir.resolve(id).resolve(Results.CONDITION_JSON));
    }
  }

  /**
   * Rewrites results.csv from what has finished and, with a shared dir, copies it up; one thread at a time (the
   * listener's and the driver's), so that each copy carries the rows written just before it and the last copy
   * holds them all.
   */
  private static void writeResults(Path dir, List<Condition> conditions, SharedDir shared) throws IOException {
    synchronized (Results.class) { // (the lock Results.write takes)
      Results.write(dir, conditions);
      if (shared != null) {
        publish(shared, dir, Results.CSV);
      }
    }
  }

  private static void publish(SharedDir shared, Path dir, String file) throws IOException {
    shared.write(file, java.nio.file.Files.readAllBytes(dir.resolve(file)));
  }

  /** {@code results.csv} as Parquet at {@code target} (its columns as strings, as the CSV has them), one file. */
  private static void writeParquet(Path dir, String target, SparkSession spark) throws IOException {
    List<String> lines = java.nio.file.Files.readAllLines(dir.resolve(Results.CSV), java.nio.charset.StandardCharsets.UTF_8);
    spark.read().option("header", "true").csv(spark.createDataset(lines, org.apache.spark.sql.Encoders.STRING()))
        .coalesce(1).write().mode("overwrite").parquet(target);
  }

  /** Plugin directories as strings, for the executors. */
  record PluginPaths(String bundled, String user, String source) implements java.io.Serializable {
    static PluginPaths of(PluginDirs d) {
      return new PluginPaths(d.bundled() == null ? null : d.bundled().toAbsolutePath().toString(),
          d.user() == null ? null : d.user().toAbsolutePath().toString(), d.source().name());
    }

    PluginDirs dirs() {
      return new PluginDirs(bundled == null ? null : Path.of(bundled), user == null ? null : Path.of(user),
          PluginDirs.Source.valueOf(source));
    }
  }

  /**
   * An executor's task: runs its partition's conditions, one after another, on the executor's workbench. With a
   * shared directory each condition runs in a local scratch directory and its finished run directory is copied up
   * whole; one already there is kept.
   */
  static final class RunConditions implements org.apache.spark.api.java.function.FlatMapFunction<java.util.Iterator<String>, String> {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String out;
    private final SharedDir shared;
    private final PluginPaths plugins;
    private final int threads;

    RunConditions(String file, String out, SharedDir shared, PluginPaths plugins, int threads) {
      this.file = file;
      this.out = out;
      this.shared = shared;
      this.plugins = plugins;
      this.threads = threads;
    }

    @Override
    public java.util.Iterator<String> call(java.util.Iterator<String> ids) {
      var workbench = ExecutorState.workbench(threads);
      List<String> lines = new ArrayList<>();
      Path dir = shared == null ? Path.of(out) : ExecutorState.scratch(shared.uri());
      SweepSpec spec = SweepSpec.read(Path.of(file)).withOut(dir);
      Sweep sweep = new Sweep(spec, plugins.dirs(), System::getenv, ExecutorState.QUIET);
      while (ids.hasNext()) {
        String id = ids.next();
        lines.add(ExecutorState.report(id, () -> shared == null ? (sweep.runCondition(id, workbench) ? "ran" : "kept")
            : shared.produce(id, Results.CONDITION_JSON, dir.resolve(id), () -> sweep.runCondition(id, workbench)),
            workbench));
      }
      return lines.iterator();
    }
  }
}
