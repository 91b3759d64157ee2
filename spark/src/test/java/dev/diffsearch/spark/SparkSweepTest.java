package dev.diffsearch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.core.engine.EngineSetup;
import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.sweep.Condition;
import dev.diffsearch.core.sweep.DistributedSweep;
import dev.diffsearch.core.sweep.Sweep;
import dev.diffsearch.core.sweep.SweepSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep on Spark in local mode (two task threads in this JVM): every condition's files are those of the same
 * sweep run without Spark, results.csv is the same but for times, a Parquet copy is written, the executor opened
 * its model once for all four conditions, and a second run keeps everything.
 */
class SparkSweepTest {

  @TempDir static Path tmp;
  static SweepSpec spec;
  static PluginDirs plugins;
  static final List<String> said = new ArrayList<>();

  static final Sweep.Listener LISTENER = new Sweep.Listener() {
    @Override
    public void started(Condition c, boolean resumed) {}

    @Override
    public void finished(Condition c, double wallSeconds, int done, int total) {
      said.add("[" + done + "/" + total + "] " + c.id());
    }

    @Override
    public void failed(Condition c, Exception e) {
      throw new AssertionError(c.id(), e);
    }

    @Override
    public void note(String line) {
      said.add(line);
    }
  };

  @BeforeAll
  static void sweepFile() throws IOException {
    EngineSetup.start();
    Path repo = Path.of("..").toAbsolutePath().normalize();
    Files.copy(repo.resolve("examples/quickstart.yaml"), tmp.resolve("base.yaml"));
    Files.writeString(tmp.resolve("small.yaml"), """
        pipeline: base.yaml
        set: {sampler.search.steps: 4, sampler.final.steps: 4, conditions.classes: [0, 1]}
        axes:
          search.nfe: [14, 28]
          seed: [1, 2]
        parallel: 1
        """);
    spec = SweepSpec.read(tmp.resolve("small.yaml"));
    plugins = PluginDirs.only(repo.resolve("app/target/diffsearch/plugins"));
    assertThat(plugins.user()).as("the bundled plugins: build the app first (mvn package)").isDirectory();
  }

  private static boolean plainDone;

  /** The sweep without Spark, in {@code tmp/plain}: what the Spark sweeps must equal. */
  static synchronized Path plain() throws IOException {
    if (!plainDone) {
      Sweep.Outcome plain = new Sweep(spec.withOut(tmp.resolve("plain")), plugins, System::getenv, LISTENER).run();
      assertThat(plain.failed()).isEmpty();
      plainDone = true;
    }
    return tmp.resolve("plain");
  }

  @Test
  void aSparkSweepLeavesTheFilesOfASweepWithoutSparkAndLoadsTheModelOncePerExecutor() throws IOException {
    plain();
    said.clear();
    int loadsBefore = ExecutorState.workbench(0).modelLoads();

    DistributedSweep found = ServiceLoader.load(DistributedSweep.class).findFirst().orElseThrow();
    assertThat(found.name()).isEqualTo("spark");
    SparkSweep spark = (SparkSweep) found;
    Path dir = tmp.resolve("spark");
    Sweep.Outcome o = spark.run(spec.withOut(dir), plugins, System::getenv, "local[2]", LISTENER);
    assertThat(o.ran()).isEqualTo(4);
    assertThat(o.failed()).isEmpty();
    assertThat(said).filteredOn(l -> l.startsWith("[")).hasSize(4).last().asString().startsWith("[4/4]");
    for (String id : List.of("c000-nfe=14-seed=1", "c001-nfe=14-seed=2", "c002-nfe=28-seed=1", "c003-nfe=28-seed=2")) {
      assertThat(files(dir.resolve(id))).as(id).isEqualTo(files(tmp.resolve("plain").resolve(id)));
    }
    assertThat(withoutTimes(dir.resolve("results.csv"))).isEqualTo(withoutTimes(tmp.resolve("plain/results.csv")));
    try (Stream<Path> s = Files.list(dir.resolve(SparkSweep.PARQUET))) {
      assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".parquet")).contains("_SUCCESS");
    }
    // local mode: one executor ("driver", this JVM) ran the four conditions, on two threads, with at most one model
    // more than the JVM's workbench held before (none when another test in this JVM opened it already)
    assertThat(spark.lastLoads().byExecutor()).containsOnlyKeys("driver");
    assertThat(spark.lastLoads().byExecutor().get("driver")).isBetween(loadsBefore, loadsBefore + 1);

    // with every condition finished, a missing Parquet copy is written again, and nothing run
    try (Stream<Path> s = Files.walk(dir.resolve(SparkSweep.PARQUET))) {
      for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    Sweep.Outcome again = spark.run(spec.withOut(dir), plugins, System::getenv, "local[2]", LISTENER);
    assertThat(again.ran()).isZero();
    assertThat(again.kept()).isEqualTo(4);
    assertThat(dir.resolve(SparkSweep.PARQUET).resolve("_SUCCESS")).exists();
  }

  /**
   * A sweep into HDFS (a name node and a data node in this JVM): each condition runs in an executor's scratch
   * directory and is copied up whole when finished; the sweep directory there holds the files of the sweep without
   * Spark, results.csv, sweep.json and the Parquet copy, and nothing half copied. Run again, nothing is recomputed;
   * a condition removed there is run again, alone.
   */
  @Test
  void aSweepIntoHdfsLeavesTheFilesOfASweepWithoutSparkThere() throws IOException {
    Path plain = plain();
    try (Hdfs hdfs = new Hdfs(tmp.resolve("dfs"))) {
      SweepSpec shared = spec.withOut(hdfs.uri("/runs/sweep"), "--out");
      assertThat(shared.shared()).hasScheme("hdfs");
      SparkSweep spark = new SparkSweep();
      Sweep.Outcome o = spark.run(shared, plugins, System::getenv, "local[2]", LISTENER);
      assertThat(o.ran()).isEqualTo(4);
      assertThat(o.failed()).isEmpty();
      Path dir = hdfs.download("/runs/sweep", tmp.resolve("from-hdfs/1"));
      List<String> ids = Condition.expand(spec).stream().map(Condition::id).toList();
      for (String id : ids) {
        assertThat(files(dir.resolve(id))).as(id).isEqualTo(files(plain.resolve(id)));
      }
      assertThat(withoutTimes(dir.resolve("results.csv"))).isEqualTo(withoutTimes(plain.resolve("results.csv")));
      assertThat(dir.resolve(Sweep.SWEEP_JSON)).hasSameTextualContentAs(plain.resolve(Sweep.SWEEP_JSON));
      assertThat(dir.resolve(SparkSweep.PARQUET).resolve("_SUCCESS")).exists();
      try (Stream<Path> s = Files.list(dir)) { // nothing half copied left behind
        assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".part-"));
      }
      // local mode's one executor ("driver") copied each condition up, then removed it from its scratch directory
      assertThat(ExecutorState.scratch("driver", shared.shared().toString())).isEmptyDirectory();

      Sweep.Outcome again = spark.run(shared, plugins, System::getenv, "local[2]", LISTENER);
      assertThat(again.ran()).isZero();
      assertThat(again.kept()).isEqualTo(4);

      hdfs.delete("/runs/sweep/" + ids.get(2));
      Sweep.Outcome third = spark.run(shared, plugins, System::getenv, "local[2]", LISTENER);
      assertThat(third.ran()).isEqualTo(1);
      assertThat(third.kept()).isEqualTo(3);
      Path after = hdfs.download("/runs/sweep", tmp.resolve("from-hdfs/3"));
      assertThat(files(after.resolve(ids.get(2)))).isEqualTo(files(plain.resolve(ids.get(2))));
      assertThat(withoutTimes(after.resolve("results.csv"))).isEqualTo(withoutTimes(plain.resolve("results.csv")));
    }
  }

  /** A run's images, noises, candidates and summary (timings aside). */
  static Map<String, String> files(Path run) throws IOException {
    Map<String, String> all = new TreeMap<>();
    try (Stream<Path> s = Files.walk(run)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        String rel = run.relativize(f).toString();
        if (rel.startsWith("images/") || rel.startsWith("noises/")) {
          all.put(rel, sha256(Files.readAllBytes(f)));
        }
      }
    }
    all.put("candidates.jsonl", Files.readString(run.resolve("candidates.jsonl"), StandardCharsets.UTF_8));
    return all;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** results.csv's lines without the wall-s and cpu-s columns. */
  static List<String> withoutTimes(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    List<String> header = List.of(lines.get(0).split(","));
    int wall = header.indexOf("wall-s");
    int cpu = header.indexOf("cpu-s");
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
      cells.remove(Math.max(wall, cpu));
      cells.remove(Math.min(wall, cpu));
      out.add(String.join(",", cells));
    }
    return out;
  }
}
