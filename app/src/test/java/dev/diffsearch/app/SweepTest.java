package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.sweep.Condition;
import dev.diffsearch.core.sweep.Sweep;
import dev.diffsearch.core.sweep.SweepSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diffsearch sweep}: a small quickstart sweep (fmnist-s, 2 budgets × 2 seeds, 2 outputs each) runs every
 * condition as {@code diffsearch run} with the same settings would, evaluates it, keeps results.csv valid after
 * every condition, refuses a bad axis before any compute, and resumes a killed sweep to the same files.
 */
class SweepTest {

  @TempDir static Path tmp;
  static Path sweepFile;
  static Path complete;
  static List<Integer> rowsSeenAfterEachCondition = new ArrayList<>();

  /** The quickstart made small: heun 4 steps (7 NFE a candidate), classes 0 and 1. */
  static final List<String> SMALL = List.of("sampler.search.steps=4", "sampler.final.steps=4", "conditions.classes=[0, 1]");

  @BeforeAll
  static void runTheSweepOnce() throws IOException {
    Files.copy(Fixtures.repoDir().resolve("examples/quickstart.yaml"), tmp.resolve("base.yaml"));
    sweepFile = Fixtures.writeText(tmp, "small.yaml", """
        pipeline: base.yaml
        set: {sampler.search.steps: 4, sampler.final.steps: 4, conditions.classes: [0, 1]}
        axes:
          search.nfe: [14, 28]
          seed: [1, 2]
        """);
    complete = tmp.resolve("complete");
    Environment.engine();
    SweepSpec spec = SweepSpec.read(sweepFile).withOut(complete);
    Sweep.Outcome o = new Sweep(spec, PluginDirs.only(Fixtures.pluginsDir()), System::getenv, new Sweep.Listener() {
      @Override
      public void started(Condition c, boolean resumed) {}

      @Override
      public void finished(Condition c, double wallSeconds, int done, int total) {
        rowsSeenAfterEachCondition.add(csv(complete.resolve("results.csv")).size());
      }

      @Override
      public void failed(Condition c, Exception e) {
        throw new AssertionError(c.id(), e);
      }

      @Override
      public void note(String line) {}
    }).run();
    assertThat(o.failed()).isEmpty();
    assertThat(o.ran()).isEqualTo(4);
  }

  @Test
  void everyConditionIsARunWithItsValuesEvaluatedAndResultsCsvGrowsByOneValidRowEachTime() {
    assertThat(rowsSeenAfterEachCondition).containsExactly(1, 2, 3, 4);
    List<Map<String, String>> rows = csv(complete.resolve("results.csv"));
    assertThat(rows).extracting(r -> r.get("condition")).containsExactly(
        "c000-nfe=14-seed=1", "c001-nfe=14-seed=2", "c002-nfe=28-seed=1", "c003-nfe=28-seed=2");
    for (Map<String, String> r : rows) {
      JsonNode runJson = Fixtures.readJson(complete.resolve(r.get("condition")).resolve("run.json"));
      JsonNode config = runJson.path("config");
      // fmnist-s's MACs per NFE (the plugin README's 27.8 M), and compute per output in GMAC from them
      long macs = runJson.path("budget").path("macs-per-nfe").asLong();
      assertThat(macs).isBetween(27_750_000L, 27_850_000L);
      assertThat(Double.parseDouble(r.get("gmac-per-output")))
          .isCloseTo(macs * (Long.parseLong(r.get("nfe-budget")) + 7) / 1e9, within(1e-9));
      assertThat(config.path("search").path("nfe").asText()).isEqualTo(r.get("search.nfe")).isEqualTo(r.get("nfe-budget"));
      assertThat(config.path("seed").asText()).isEqualTo(r.get("seed"));
      // random search spends its budget exactly: candidates of 7 NFE (heun, 4 steps)
      assertThat(Double.parseDouble(r.get("search-nfe-per-output"))).isEqualTo(Double.parseDouble(r.get("nfe-budget")));
      assertThat(r.get("outputs")).isEqualTo("2");
      assertThat(Long.parseLong(r.get("search-nfe"))).isEqualTo(2 * Long.parseLong(r.get("nfe-budget")));
      assertThat(r.get("final-nfe")).isEqualTo("14"); // 2 winners regenerated at 7 NFE
      assertThat(Double.parseDouble(r.get("class-accuracy"))).isBetween(0.0, 1.0); // the fashion-mnist evaluator's
      assertThat(r.get("fid")).isNotBlank();
      assertThat(r.get("verifier-mean")).isNotBlank();
      assertThat(r.get("wall-s")).isNotBlank();
      assertThat(r.get("cpu-s")).isNotBlank();
    }
  }

  @Test
  void aConditionsFilesAreThoseOfAPlainRunWithTheSameSettings() throws IOException {
    Path plain = tmp.resolve("plain");
    List<String> args = new ArrayList<>();
    for (String set : SMALL) {
      args.addAll(List.of("--set", set));
    }
    args.addAll(List.of("--set", "search.nfe=28", "--set", "seed=2"));
    Cli.Result r = Cli.runPipeline(tmp.resolve("base.yaml"), plain, args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(files(complete.resolve("c003-nfe=28-seed=2"))).isEqualTo(files(plain));
  }

  @Test
  void aBadAxisIsOneLineNamingTheSweepFileConditionAndKeyBeforeAnythingRuns() {
    Path file = Fixtures.writeText(tmp, "bad.yaml", "pipeline: base.yaml\naxes:\n  search.nfee: [14]\n  seed: [1, 2]\n");
    Path out = tmp.resolve("bad-out");
    Cli.Result r = Cli.run("sweep", file.toString(), "--out", out.toString(), "--plugins-dir", Fixtures.pluginsDir().toString());
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).filteredOn(l -> l.startsWith("error: ")).singleElement().asString()
        .contains(file.toString()).contains("condition c000-nfee=14-seed=1").contains("search.nfee");
    assertThat(out.resolve("c000-nfee=14-seed=1")).doesNotExist();

    Path unknown = Fixtures.writeText(tmp, "unknown.yaml", "pipeline: base.yaml\naxis:\n  seed: [1]\n");
    Cli.Result u = Cli.run("sweep", unknown.toString(), "--out", out.toString());
    assertThat(u.exitCode()).as(u.transcript()).isEqualTo(2);
    assertThat(u.errorLines()).singleElement().asString().startsWith("error: " + unknown + ": axis: unknown key");
  }

  @Test
  void sparkWithoutTheSparkModuleOnTheClassPathIsOneLineSayingWhatToDoAndWritesNothing() {
    Path out = tmp.resolve("no-spark");
    Cli.Result r = Cli.run("sweep", sweepFile.toString(), "--out", out.toString(), "--spark", "local[2]",
        "--plugins-dir", Fixtures.pluginsDir().toString());
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).filteredOn(l -> l.startsWith("error: ")).singleElement().asString()
        .startsWith("error: --spark: needs the diffsearch-spark module and Spark on the class path")
        .contains("docs/spark.md");
    assertThat(out).doesNotExist();
  }

  @Test
  void aHadoopPathWithoutSparkIsOneLineSayingWhatToDo() throws IOException {
    Cli.Result r = Cli.run("sweep", sweepFile.toString(), "--out", "hdfs://namenode/runs/sweep", "--plugins-dir",
        Fixtures.pluginsDir().toString());
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).singleElement().asString().isEqualTo("error: --out: hdfs://namenode/runs/sweep is a"
        + " Hadoop path: run the sweep on Spark (--spark MASTER), or give a local directory");
    Path inFile = Fixtures.writeText(tmp, "hdfs.yaml", "pipeline: base.yaml\naxes:\n  seed: [1]\nout: hdfs://namenode/x\n");
    Cli.Result f = Cli.run("sweep", inFile.toString(), "--plugins-dir", Fixtures.pluginsDir().toString());
    assertThat(f.exitCode()).as(f.transcript()).isEqualTo(2);
    assertThat(f.errorLines()).singleElement().asString().startsWith("error: " + inFile + ": out: hdfs://namenode/x is a"
        + " Hadoop path");
    Cli.Result bad = Cli.run("sweep", sweepFile.toString(), "--out", "hdfs://namenode", "--spark", "local[2]");
    assertThat(bad.exitCode()).as(bad.transcript()).isEqualTo(2);
    assertThat(bad.errorLines()).singleElement().asString()
        .isEqualTo("error: --out: 'hdfs://namenode' names no directory (give SCHEME://HOST/PATH)");
    Cli.Result run = Cli.run("run", Fixtures.repoDir().resolve("examples/quickstart.yaml").toString(), "--out",
        "s3a://bucket/runs/one");
    assertThat(run.exitCode()).as(run.transcript()).isEqualTo(2);
    assertThat(run.errorLines()).singleElement().asString().isEqualTo("error: --out: s3a://bucket/runs/one is a Hadoop"
        + " path: split the run on Spark (--spark MASTER), or give a local directory");
  }

  @Test
  void aDryRunChecksAndListsEveryConditionAndWritesNothing() {
    Path out = tmp.resolve("dry");
    Cli.Result r = Cli.run("sweep", sweepFile.toString(), "--out", out.toString(), "--dry-run", "--plugins-dir",
        Fixtures.pluginsDir().toString());
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out().lines().filter(l -> l.startsWith("c0")).toList()).containsExactly(
        "c000-nfe=14-seed=1\tsampler.search.steps=4 sampler.final.steps=4 conditions.classes=[0,1] search.nfe=14 seed=1",
        "c001-nfe=14-seed=2\tsampler.search.steps=4 sampler.final.steps=4 conditions.classes=[0,1] search.nfe=14 seed=2",
        "c002-nfe=28-seed=1\tsampler.search.steps=4 sampler.final.steps=4 conditions.classes=[0,1] search.nfe=28 seed=1",
        "c003-nfe=28-seed=2\tsampler.search.steps=4 sampler.final.steps=4 conditions.classes=[0,1] search.nfe=28 seed=2");
    assertThat(r.out()).contains("4 conditions checked; nothing run");
    assertThat(out).doesNotExist();
  }

  @Test
  void aSweepThatGainedConditionsKeepsTheFinishedOnesAndRunsTheNew() throws IOException {
    Path dir = tmp.resolve("extended");
    Fixtures.copyTree(complete, dir);
    Path more = Fixtures.writeText(tmp, "more.yaml", Files.readString(sweepFile).replace("[14, 28]", "[14, 28, 42]"));
    Cli.Result r = Cli.run("sweep", more.toString(), "--out", dir.toString(), "--plugins-dir",
        Fixtures.pluginsDir().toString());
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out()).contains("6 conditions: 2 ran, 4 kept from before, 0 failed");
    assertThat(csv(dir.resolve("results.csv"))).extracting(row -> row.get("condition")).containsExactly(
        "c000-nfe=14-seed=1", "c001-nfe=14-seed=2", "c002-nfe=28-seed=1", "c003-nfe=28-seed=2",
        "c004-nfe=42-seed=1", "c005-nfe=42-seed=2");
  }

  @Test
  void aDirectoryOfAnotherSweepIsRefusedAndLeftAsItWas() throws IOException {
    Path other = Fixtures.writeText(tmp, "other.yaml", "pipeline: base.yaml\naxes:\n  search.nfe: [38]\n");
    Map<String, String> before = tree(complete);
    Cli.Result r = Cli.run("sweep", other.toString(), "--out", complete.toString(), "--plugins-dir",
        Fixtures.pluginsDir().toString());
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).filteredOn(l -> l.startsWith("error: ")).singleElement().asString()
        .contains(complete.toString()).contains("holds another sweep");
    assertThat(tree(complete)).isEqualTo(before);
  }

  /**
   * The kill a person does: the sweep runs in its own JVM and is killed once its first condition has finished;
   * running it again finishes the rest, and every condition's files are those of the uninterrupted sweep.
   */
  @Test
  void aKilledSweepRunAgainEndsWithTheFilesOfAnUninterruptedOne() throws Exception {
    Path dir = tmp.resolve("killed");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", "dev.diffsearch.app.Main",
        "sweep", sweepFile.toString(), "--out", dir.toString(), "--plugins-dir", Fixtures.pluginsDir().toString());
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    Path first = dir.resolve("c000-nfe=14-seed=1").resolve("condition.json");
    StringBuilder said = new StringBuilder();
    // the sweep says "[1/4] ID done" once the first condition's condition.json is written: kill it then
    try (java.io.BufferedReader out = p.inputReader(StandardCharsets.UTF_8)) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        said.append(line).append('\n');
        if (line.contains("[1/4]")) {
          break;
        }
      }
      p.destroyForcibly().waitFor();
    }
    assertThat(first).as(said.toString()).exists();

    Cli.Result r = Cli.run("sweep", sweepFile.toString(), "--out", dir.toString(), "--plugins-dir",
        Fixtures.pluginsDir().toString());
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out()).contains("4 conditions").containsPattern("\\d ran, [1-4] kept from before, 0 failed");
    for (String id : List.of("c000-nfe=14-seed=1", "c001-nfe=14-seed=2", "c002-nfe=28-seed=1", "c003-nfe=28-seed=2")) {
      assertThat(files(dir.resolve(id))).as(id).isEqualTo(files(complete.resolve(id)));
    }
    assertThat(withoutTimes(csv(dir.resolve("results.csv")))).isEqualTo(withoutTimes(csv(complete.resolve("results.csv"))));
  }

  /**
   * The states a kill can leave, made on a copy of the finished sweep: one condition killed while it was being
   * evaluated (its run complete, no condition.json), one never started. Running again keeps the two finished,
   * finishes the first and runs the second, to the same files.
   */
  @Test
  void aSweepKilledDuringAnEvaluationResumesThatConditionAndRunsTheRest() throws Exception {
    Path dir = tmp.resolve("partial");
    Fixtures.copyTree(complete, dir);
    Files.delete(dir.resolve("c002-nfe=28-seed=1").resolve("condition.json"));
    Files.delete(dir.resolve("c002-nfe=28-seed=1").resolve("metrics.json"));
    deleteTree(dir.resolve("c003-nfe=28-seed=2"));
    Cli.Result r = Cli.run("sweep", sweepFile.toString(), "--out", dir.toString(), "--plugins-dir",
        Fixtures.pluginsDir().toString());
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out()).contains("4 conditions: 2 ran, 2 kept from before, 0 failed");
    assertThat(r.err()).contains("resuming c002-nfe=28-seed=1").contains("running c003-nfe=28-seed=2")
        .doesNotContain("running c000").doesNotContain("running c001");
    for (String id : List.of("c002-nfe=28-seed=1", "c003-nfe=28-seed=2")) {
      assertThat(files(dir.resolve(id))).as(id).isEqualTo(files(complete.resolve(id)));
    }
    assertThat(withoutTimes(csv(dir.resolve("results.csv")))).isEqualTo(withoutTimes(csv(complete.resolve("results.csv"))));
  }

  /** results.csv's rows, by column name; the header is checked to parse. */
  static List<Map<String, String>> csv(Path file) {
    CsvMapper mapper = new CsvMapper();
    try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
      return it.readAll();
    } catch (IOException e) {
      throw new AssertionError("results.csv does not parse: " + file, e);
    }
  }

  private static List<Map<String, String>> withoutTimes(List<Map<String, String>> rows) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Map<String, String> r : rows) {
      Map<String, String> m = new TreeMap<>(r);
      m.remove("wall-s");
      m.remove("cpu-s");
      out.add(m);
    }
    return out;
  }

  /** A run's images and noises by name: what must be identical (timings aside). */
  static Map<String, String> files(Path run) throws IOException {
    Map<String, String> all = new TreeMap<>();
    for (String sub : List.of("images", "noises")) {
      try (Stream<Path> s = Files.list(run.resolve(sub))) {
        for (Path f : s.toList()) {
          all.put(sub + "/" + f.getFileName(), java.util.HexFormat.of().formatHex(
              java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
        }
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    all.put("candidates.jsonl", Files.readString(run.resolve("candidates.jsonl"), StandardCharsets.UTF_8));
    return all;
  }

  /** Every file under {@code dir} by relative path, with its size and modification time. */
  private static Map<String, String> tree(Path dir) throws IOException {
    Map<String, String> all = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        all.put(dir.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p));
      }
    }
    return all;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
