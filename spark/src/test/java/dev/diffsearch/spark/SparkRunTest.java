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
 * and 6), in parts of whole cohorts; an earlier attempt divided it into two parts (as a smaller cluster would) and
 * finished one: the Spark run divides it alike, whatever its own size, and keeps that part. The merged run
 * directory holds the files of the same run on one machine, and the same command again finds it complete.
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

    // an earlier attempt, on one slot (two parts; local[2] would make four, none of them these), finished the second
    // part (outputs 4-6) before it was stopped
    Path dir = tmp.resolve("spark");
    RunParts.Split split = RunParts.prepare(request(dir), 2);
    assertThat(split.slices()).containsExactly(new int[] {0, 4}, new int[] {4, 7});
    assertThat(RunParts.runPart(request(dir), split, 1, null, line -> { })).isTrue();

    DistributedRun spark = ServiceLoader.load(DistributedRun.class).findFirst().orElseThrow();
    assertThat(spark.name()).isEqualTo("spark");
    List<String> notes = new ArrayList<>();
    int loadsBefore = ExecutorState.workbench(0).modelLoads(); // this JVM's: other tests may have opened models
    Runs.Outcome o = spark.run(request(dir), null, "local[2]", 0, notes::add);
    assertThat(o.runDir()).isEqualTo(dir);
    assertThat(o.result().outputsRun()).isEqualTo(4); // the other part of the earlier attempt's two
    // a line per part as it finishes (the one finished before is kept: done at once), then the summing up
    assertThat(notes).hasSize(3);
    assertThat(notes.subList(0, 2)).allMatch(l -> l.matches("part o\\d{7}-o\\d{7} done \\([1-2]/2\\)"))
        .extracting(l -> l.replaceAll(".*\\((\\d)/2\\)", "$1")).containsExactly("1", "2");
    assertThat(notes.get(2)).isIn("2 parts on Spark; models opened per executor: driver=" + (loadsBefore + 1),
        "2 parts on Spark; models opened per executor: driver=" + loadsBefore); // (opened by an earlier test)

    assertThat(SparkSweepTest.files(dir)).isEqualTo(SparkSweepTest.files(tmp.resolve("plain")));
    assertThat(withoutWallTimes(dir)).isEqualTo(withoutWallTimes(tmp.resolve("plain")));
    assertThat(dir.resolve(RunParts.PARTS)).doesNotExist();

    notes.clear();
    Runs.Outcome again = spark.run(request(dir), null, "local[2]", 0, notes::add);
    assertThat(again.result().outputsRun()).isZero();
    assertThat(notes).singleElement().asString().endsWith("is complete; nothing to run");
  }

  /**
   * The same run split into HDFS (a name node and a data node in this JVM), where an earlier attempt left run.json,
   * its plan of two parts and the second part finished: the executors run the other part in their scratch
   * directories and copy it up when finished; the driver fetches the parts, merges them and copies the merged run
   * up. HDFS holds the files of the run on one machine, no parts, and the same command again finds it complete.
   */
  @Test
  void aRunSplitIntoHdfsLeavesTheFilesOfTheSameRunThere() throws IOException {
    Path plain = plain();
    try (Hdfs hdfs = new Hdfs(tmp.resolve("dfs"))) {
      SharedPath shared = SharedPath.parse(hdfs.uri("/runs/big"), "--out");
      Path earlier = tmp.resolve("earlier");
      RunParts.Split split = RunParts.prepare(request(earlier), 2);
      assertThat(RunParts.runPart(request(earlier), split, 1, null, line -> { })).isTrue();
      hdfs.upload(earlier.resolve(RunStore.RUN_JSON), "/runs/big/" + RunStore.RUN_JSON);
      hdfs.upload(earlier.resolve(RunParts.PLAN), "/runs/big/" + RunParts.PLAN);
      hdfs.upload(split.partDir(1), "/runs/big/" + RunParts.PARTS + "/" + split.partDir(1).getFileName());

      List<String> notes = new ArrayList<>();
      Runs.Outcome o = new SparkRun().run(request(shared.mirror()), shared.uri(), "local[2]", 0, notes::add);
      assertThat(o.result().outputsRun()).isEqualTo(4);
      assertThat(notes).filteredOn(l -> l.startsWith("part ")).hasSize(2); // the earlier attempt's two parts
      Path remote = hdfs.download("/runs/big", tmp.resolve("from-hdfs"));
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
