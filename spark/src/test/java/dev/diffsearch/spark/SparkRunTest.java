package dev.diffsearch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.core.engine.EngineSetup;
import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.run.DistributedRun;
import dev.diffsearch.core.run.Progress;
import dev.diffsearch.core.run.RunParts;
import dev.diffsearch.core.run.RunStore;
import dev.diffsearch.core.run.Runs;
import dev.diffsearch.core.run.SharedPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run split by output on Spark in local mode: 7 outputs of fmnist-s, two in flight (cohorts 0-1, 2-3, 4-5
 * and 6), in four parts of whole cohorts; a part finished before the Spark run is kept. The merged run directory
 * holds the files of the same run on one machine, and the same command again finds it complete.
 */
class SparkRunTest {

  @TempDir static Path tmp;
  static PluginDirs plugins;
  static Path config;
  static final List<String> OVERRIDES = List.of("sampler.search.steps=4", "sampler.final.steps=4", "search.nfe=14",
      "conditions.classes=[0, 1, 2, 3, 4, 5, 6]", "search.outputs-in-flight=2");

  @BeforeAll
  static void config() throws IOException {
    EngineSetup.start();
    Path repo = Path.of("..").toAbsolutePath().normalize();
    config = Files.copy(repo.resolve("examples/quickstart.yaml"), tmp.resolve("quickstart.yaml"));
    plugins = PluginDirs.only(repo.resolve("app/target/diffsearch/plugins"));
    assertThat(plugins.user()).as("the bundled plugins: build the app first (mvn package)").isDirectory();
  }

  private static Runs.Request request(Path out) {
    return new Runs.Request(config, OVERRIDES, out, plugins, k -> null, Progress.Listener.NONE);
  }

  @Test
  void partsAreWholeCohortsAsEvenAsTheyAllow() {
    assertThat(RunParts.slices(7, 2, 4)).containsExactly(new int[] {0, 2}, new int[] {2, 4}, new int[] {4, 6},
        new int[] {6, 7});
    assertThat(RunParts.slices(10, 4, 2)).containsExactly(new int[] {0, 8}, new int[] {8, 10});
    assertThat(RunParts.slices(5, 1, 3)).containsExactly(new int[] {0, 2}, new int[] {2, 4}, new int[] {4, 5});
    assertThat(RunParts.slices(3, 4, 8)).containsExactly(new int[] {0, 3});
  }

  private static boolean plainDone;

  /** The run without Spark, in {@code tmp/plain}: what the split runs must equal. */
  static synchronized Path plain() throws IOException {
    if (!plainDone) {
      Runs.start(request(tmp.resolve("plain")));
      plainDone = true;
    }
    return tmp.resolve("plain");
  }

  @Test
  void aRunSplitByOutputOnSparkLeavesTheFilesOfTheSameRunOnOneMachine() throws IOException {
    plain();

    // an earlier attempt finished the second part (outputs 2-3) before it was stopped
    Path dir = tmp.resolve("spark");
    RunParts.Split split = RunParts.prepare(request(dir), 4);
    assertThat(split.slices()).hasSize(4);
    assertThat(RunParts.runPart(request(dir), split, 1, null, line -> { })).isTrue();

    DistributedRun spark = ServiceLoader.load(DistributedRun.class).findFirst().orElseThrow();
    assertThat(spark.name()).isEqualTo("spark");
    List<String> notes = new ArrayList<>();
    int loadsBefore = ExecutorState.workbench(0).modelLoads(); // this JVM's: other tests may have opened models
    Runs.Outcome o = spark.run(request(dir), null, "local[2]", 0, notes::add);
    assertThat(o.runDir()).isEqualTo(dir);
    assertThat(o.result().outputsRun()).isEqualTo(5); // the other three parts
    // a line per part as it finishes (the one finished before is kept: done at once), then the summing up
    assertThat(notes).hasSize(5);
    assertThat(notes.subList(0, 4)).allMatch(l -> l.matches("part o\\d{7}-o\\d{7} done \\([1-4]/4\\)"))
        .extracting(l -> l.replaceAll(".*\\((\\d)/4\\)", "$1")).containsExactly("1", "2", "3", "4");
    assertThat(notes.get(4)).isIn("4 parts on Spark; models opened per executor: driver=" + (loadsBefore + 1),
        "4 parts on Spark; models opened per executor: driver=" + loadsBefore); // (opened by an earlier test)

    assertThat(SparkSweepTest.files(dir)).isEqualTo(SparkSweepTest.files(tmp.resolve("plain")));
    assertThat(withoutWallTimes(dir)).isEqualTo(withoutWallTimes(tmp.resolve("plain")));
    assertThat(dir.resolve(RunParts.PARTS)).doesNotExist();

    notes.clear();
    Runs.Outcome again = spark.run(request(dir), null, "local[2]", 0, notes::add);
    assertThat(again.result().outputsRun()).isZero();
    assertThat(notes).singleElement().asString().endsWith("is complete; nothing to run");
  }

  /**
   * The same run split into a Hadoop path (a {@code testfs://} directory, reached through Hadoop's FileSystem API
   * only), where an earlier attempt left run.json and its second part finished: the executors run the other parts
   * in their scratch directories and copy each up when finished; the driver fetches the parts, merges them and
   * copies the merged run up. The shared directory holds the files of the run on one machine, no parts, and the
   * same command again finds it complete.
   */
  @Test
  void aRunSplitIntoAHadoopPathLeavesTheFilesOfTheSameRunThere() throws IOException {
    Path plain = plain();
    TestFs.register();
    try {
      Path remote = tmp.resolve("hadoop/run");
      SharedPath shared = SharedPath.parse(TestFs.uri(remote), "--out");
      Path earlier = tmp.resolve("earlier");
      RunParts.Split split = RunParts.prepare(request(earlier), 4);
      assertThat(RunParts.runPart(request(earlier), split, 1, null, line -> { })).isTrue();
      copyTree(earlier.resolve(RunStore.RUN_JSON), remote.resolve(RunStore.RUN_JSON));
      copyTree(split.partDir(1), remote.resolve(RunParts.PARTS).resolve(split.partDir(1).getFileName()));

      List<String> notes = new ArrayList<>();
      Runs.Outcome o = new SparkRun().run(request(shared.mirror()), shared.uri(), "local[2]", 0, notes::add);
      assertThat(o.result().outputsRun()).isEqualTo(5);
      assertThat(notes).filteredOn(l -> l.startsWith("part ")).hasSize(4);
      assertThat(SparkSweepTest.files(remote)).isEqualTo(SparkSweepTest.files(plain));
      assertThat(withoutWallTimes(remote)).isEqualTo(withoutWallTimes(plain));
      assertThat(remote.resolve(RunParts.PARTS)).doesNotExist();
      try (var files = Files.list(remote)) {
        assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains(".part-"));
      }

      notes.clear();
      Runs.Outcome again = new SparkRun().run(request(shared.mirror()), shared.uri(), "local[2]", 0, notes::add);
      assertThat(again.result().outputsRun()).isZero();
      assertThat(notes).singleElement().asString().isEqualTo("run " + shared.uri() + " is complete; nothing to run");
    } finally {
      System.clearProperty("spark.hadoop.fs." + TestFs.SCHEME + ".impl");
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var walk = Files.walk(from)) {
      for (Path f : walk.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(f, target);
        }
      }
    }
  }

  /** summary.json without its wall times. */
  static ObjectNode withoutWallTimes(Path run) throws IOException {
    ObjectNode summary = (ObjectNode) new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    summary.path("outputs").forEach(o -> ((ObjectNode) o).remove("wall-seconds"));
    ((ObjectNode) summary.get("totals")).remove("wall-seconds");
    return summary;
  }
}
