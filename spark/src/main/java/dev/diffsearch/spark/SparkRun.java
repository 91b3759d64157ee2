package dev.diffsearch.spark;

import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.run.DistributedRun;
import dev.diffsearch.core.run.Progress;
import dev.diffsearch.core.run.RunParts;
import dev.diffsearch.core.run.RunStore;
import dev.diffsearch.core.run.Runner;
import dev.diffsearch.core.run.Runs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One large run on Apache Spark, partitioned by output: the driver prepares the run and divides its cohorts of
 * outputs into parts ({@link RunParts}), two per executor core of the cluster's default parallelism, one part per
 * Spark partition; each executor runs its parts against its JVM's {@link ExecutorState#workbench} (the model
 * opened once), writing each as a run directory under {@code RUN_DIR/parts/}; a task Spark retries resumes its part
 * from the outputs it finished. The driver merges the parts into {@code RUN_DIR}, whose files are those of the same
 * run on one machine.
 */
public final class SparkRun implements DistributedRun {

  /** Parts per unit of the cluster's default parallelism: slack for parts of unequal speed. */
  static final int PARTS_PER_SLOT = 2;

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public Runs.Outcome run(Runs.Request request, java.net.URI sharedUri, String master, int threads,
      Consumer<String> notes) throws IOException {
    long started = System.nanoTime();
    SparkConf conf = Jobs.conf("diffsearch run " + request.config().getFileName(), master);
    SparkSession session = SparkSession.builder().config(conf).getOrCreate();
    try (JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext())) {
      sc.setLogLevel("WARN");
      SharedDir shared = sharedUri == null ? null : new SharedDir(sharedUri, sc.hadoopConfiguration());
      if (shared != null) { // the driver works in a local mirror: the run's run.json and summary, from the shared dir
        mirror(shared, request.outDir());
      }
      RunParts.Split split = RunParts.prepare(request, PARTS_PER_SLOT * sc.defaultParallelism());
      String where = shared != null ? shared.uri() : split.runDir().toString();
      if (split.complete()) {
        notes.accept("run " + where + " is complete; nothing to run");
        return new Runs.Outcome(split.runDir(), new Runner.Result(0, split.outputIds().size(), 0, 0, seconds(started)), List.of());
      }
      if (shared != null) { // the run and its division into parts, for the next attempt
        shared.write(RunStore.RUN_JSON, Files.readAllBytes(split.runDir().resolve(RunStore.RUN_JSON)));
        shared.write(RunParts.PLAN, Files.readAllBytes(split.runDir().resolve(RunParts.PLAN)));
      }
      List<Integer> parts = new ArrayList<>();
      for (int i = 0; i < split.slices().size(); i++) {
        parts.add(i);
      }
      List<int[]> slices = split.slices();
      // what each part held finished before this job: what it holds after, less this, is what the job ran, whichever
      // task attempt ran it (a part finished by a task whose executor then died reports "kept" when retried)
      List<long[]> before = new ArrayList<>();
      for (int part : parts) {
        if (shared != null) {
          fetchSummary(shared, split, part);
        }
        before.add(RunParts.totals(split, part));
      }
      // a line per finished part, once: as its task ends, or after the job for what the listener has not heard
      java.util.Set<Integer> announced = java.util.concurrent.ConcurrentHashMap.newKeySet();
      java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
      java.util.function.IntConsumer announce = part -> {
        if (shared != null && !RunParts.finished(split, part)) {
          try {
            fetchSummary(shared, split, part);
          } catch (IOException e) {
            return; // said after the job, when the parts are fetched whole
          }
        }
        if (RunParts.finished(split, part) && announced.add(part)) {
          notes.accept("part " + split.partDir(part).getFileName() + " done (" + done.incrementAndGet() + "/"
              + parts.size() + ")");
        }
      };
      Jobs.TaskEnds progress = new Jobs.TaskEnds(announce);
      sc.sc().addSparkListener(progress);
      List<String> lines = sc.parallelize(parts, parts.size())
          .mapPartitions(new RunPartsTask(request.config().toAbsolutePath().toString(), List.copyOf(request.overrides()),
              split.runDir().toAbsolutePath().toString(), List.copyOf(split.outputIds()),
              slices.stream().map(s -> s[0] + ":" + s[1]).toList(), shared, SparkSweep.PluginPaths.of(request.plugins()),
              threads))
          .collect();
      parts.forEach(announce::accept);
      sc.sc().removeSparkListener(progress);
      if (progress.lost() > 0) {
        notes.accept(progress.lost() + " task(s) lost (an executor died or a task failed) and run again: their parts"
            + (shared == null ? " resumed from their finished outputs" : " run again in another executor's scratch directory"));
      }
      int ran = 0;
      long search = 0;
      long fin = 0;
      Map<String, Integer> loads = new TreeMap<>();
      List<String> failed = new ArrayList<>();
      for (String line : lines) {
        String[] f = line.split("\t", 4);
        int part = Integer.parseInt(f[0]);
        loads.merge(f[2], Integer.parseInt(f[3]), Math::max);
        if (f[1].startsWith("failed")) {
          failed.add("part " + split.partDir(part).getFileName() + ": " + f[1].substring("failed: ".length()));
        }
      }
      if (shared != null) { // the finished parts, whole, for the merge
        for (int part : parts) {
          String name = PARTS_DIR + split.partDir(part).getFileName();
          if (shared.exists(name)) {
            if (Files.exists(split.partDir(part))) {
              RunStore.deleteTree(split.partDir(part));
            }
            shared.downloadTree(name, split.partDir(part));
          }
        }
      }
      for (int part : parts) {
        long[] after = RunParts.totals(split, part);
        ran += (int) (after[0] - before.get(part)[0]);
        search += after[1] - before.get(part)[1];
        fin += after[2] - before.get(part)[2];
      }
      int count = split.slices().size();
      notes.accept(count + (count == 1 ? " part" : " parts") + " on Spark; models opened per executor: "
          + loads.toString().replaceAll("[{}]", ""));
      if (!failed.isEmpty()) {
        throw new IOException(failed.size() + " of " + split.slices().size() + " parts failed (run the same command again"
            + " to retry them; finished outputs are kept): " + failed.get(0));
      }
      RunParts.merge(split);
      if (shared != null) {
        publish(shared, split.runDir());
      }
      int total = split.outputIds().size();
      return new Runs.Outcome(split.runDir(), new Runner.Result(ran, total - ran, search, fin, seconds(started)), List.of());
    }
  }

  /** Where the parts are, relative to the run directory. */
  private static final String PARTS_DIR = RunParts.PARTS + "/";

  /** Makes {@code mirror} hold the shared run's run.json, summary and plan of parts (when there) and nothing else. */
  private static void mirror(SharedDir shared, Path mirror) throws IOException {
    if (Files.exists(mirror)) {
      RunStore.deleteTree(mirror);
    }
    Files.createDirectories(mirror);
    shared.download(RunStore.RUN_JSON, mirror.resolve(RunStore.RUN_JSON));
    shared.download(RunStore.SUMMARY, mirror.resolve(RunStore.SUMMARY));
    shared.download(RunParts.PLAN, mirror.resolve(RunParts.PLAN));
  }

  /** Copies part {@code part}'s summary into the mirror when the part is in the shared dir (then it has finished). */
  private static void fetchSummary(SharedDir shared, RunParts.Split split, int part) throws IOException {
    shared.download(PARTS_DIR + split.partDir(part).getFileName() + "/" + RunStore.SUMMARY,
        split.partDir(part).resolve(RunStore.SUMMARY));
  }

  /**
   * Copies the merged run up from the mirror: every file but run.json (there already), the summary last, so that a
   * summary saying complete in the shared dir means the rest is there; then removes the parts there.
   */
  private static void publish(SharedDir shared, Path runDir) throws IOException {
    List<Path> files;
    try (var walk = Files.walk(runDir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      String rel = runDir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
      if (!rel.equals(RunStore.RUN_JSON) && !rel.equals(RunStore.SUMMARY)) {
        shared.write(rel, Files.readAllBytes(f));
      }
    }
    shared.write(RunStore.SUMMARY, Files.readAllBytes(runDir.resolve(RunStore.SUMMARY)));
    shared.delete(RunParts.PARTS);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** An executor's task: runs its partition's parts, one after another, on the executor's workbench. */
  static final class RunPartsTask
      implements org.apache.spark.api.java.function.FlatMapFunction<java.util.Iterator<Integer>, String> {
    private static final long serialVersionUID = 1L;
    private final String config;
    private final List<String> overrides;
    private final String runDir;
    private final List<String> ids;
    private final List<String> slices;
    private final SharedDir shared;
    private final SparkSweep.PluginPaths plugins;
    private final int threads;

    RunPartsTask(String config, List<String> overrides, String runDir, List<String> ids, List<String> slices,
        SharedDir shared, SparkSweep.PluginPaths plugins, int threads) {
      this.config = config;
      this.overrides = new ArrayList<>(overrides);
      this.runDir = runDir;
      this.ids = new ArrayList<>(ids);
      this.slices = new ArrayList<>(slices);
      this.shared = shared;
      this.plugins = plugins;
      this.threads = threads;
    }

    @Override
    public java.util.Iterator<String> call(java.util.Iterator<Integer> parts) {
      var workbench = ExecutorState.workbench(threads);
      List<int[]> ranges = slices.stream().map(s -> new int[] {Integer.parseInt(s.split(":")[0]), Integer.parseInt(s.split(":")[1])}).toList();
      // with a shared dir, each part runs in this executor's scratch dir and is copied up whole when finished
      Path dir = shared == null ? Path.of(runDir) : ExecutorState.scratch(shared.uri());
      RunParts.Split split = new RunParts.Split(dir, ids, ranges, false);
      PluginDirs dirs = plugins.dirs();
      Runs.Request request = new Runs.Request(Path.of(config), overrides, Path.of(runDir), dirs, System::getenv,
          Progress.Listener.NONE, 1);
      List<String> lines = new ArrayList<>();
      while (parts.hasNext()) {
        int part = parts.next();
        String name = PARTS_DIR + split.partDir(part).getFileName();
        lines.add(ExecutorState.report(part, () -> shared == null
            ? (RunParts.runPart(request, split, part, workbench, line -> { }) ? "ran" : "kept")
            : shared.produce(name, RunStore.SUMMARY, split.partDir(part),
                () -> RunParts.runPart(request, split, part, workbench, line -> { })), workbench));
      }
      return lines.iterator();
    }
  }
}
