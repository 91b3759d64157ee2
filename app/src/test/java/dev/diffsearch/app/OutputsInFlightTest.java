package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.core.engine.EngineSetup;
import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.run.Progress;
import dev.diffsearch.core.run.Runs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code search.outputs-in-flight}: five outputs of the trained fmnist-s model searched two at a time (cohorts
 * of outputs 0-1, 2-3 and 4) spend exactly the NFE one at a time spends, find the same candidates (scores
 * equal to within float noise: the batches hold other rows), render each cohort's winners together, write
 * the same files twice over, keep samples that regenerate bit for bit (rendered with their cohort again),
 * and resume a cohort that was cut short to the files of the uninterrupted run.
 */
class OutputsInFlightTest {

  /** Search NFE per output: two candidates of heun 4 steps (7 NFE each). */
  static final int NFE = 14;

  @TempDir static Path tmp;
  static Path oneAtATime;
  static Path twoAtATime;

  @BeforeAll
  static void runFiveOutputsOneAndTwoAtATime() {
    ObjectNode config = Fixtures.smallQuickstart(tmp, 5, 0, 1, 2, 3, 4);
    // a network whose rows' last bits depend on the batch they are in (the exact mixture model's barely do)
    config.putObject("model").put("name", "fashion-mnist").put("variant", "s");
    config.putObject("verifier").put("name", "class-logit");
    // 2 candidates an output: batches of 2 rows one at a time, of 4 two at a time
    config.withObject("/search").put("max-batch", 64).put("nfe", NFE);
    oneAtATime = run(config, "one");
    config.withObject("/search").put("outputs-in-flight", 2);
    twoAtATime = run(config, "two");
  }

  private static Path run(ObjectNode config, String name) {
    Path yaml = Fixtures.writeYaml(tmp, name + ".yaml", config);
    Path dir = tmp.resolve(name);
    Cli.Result r = Cli.runPipeline(yaml, dir);
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out()).contains("5 outputs done");
    return dir;
  }

  @Test
  void twoAtATimeSpendsTheSameNfeAndFindsTheSameCandidates() {
    JsonNode one = Fixtures.readJson(oneAtATime.resolve("summary.json")).path("outputs");
    JsonNode two = Fixtures.readJson(twoAtATime.resolve("summary.json")).path("outputs");
    assertThat(two).hasSize(5);
    for (int i = 0; i < 5; i++) {
      for (String key : List.of("id", "search-nfe", "final-nfe", "forward-passes", "candidates")) {
        assertThat(two.get(i).path(key)).as(i + " " + key).isEqualTo(one.get(i).path(key));
      }
      assertThat(two.get(i).path("search-nfe").asLong()).isEqualTo(NFE);
    }
    List<JsonNode> a = Fixtures.candidates(oneAtATime);
    List<JsonNode> b = Fixtures.candidates(twoAtATime);
    assertThat(b).hasSameSizeAs(a).hasSize(5 * 2);
    for (int i = 0; i < a.size(); i++) {
      for (String key : List.of("output", "id", "parent", "nfe")) {
        assertThat(b.get(i).path(key)).as("line " + i + " " + key).isEqualTo(a.get(i).path(key));
      }
      assertThat(b.get(i).path("score").asDouble()).as("line " + i)
          .isCloseTo(a.get(i).path("score").asDouble(), within(1e-4 * (1 + Math.abs(a.get(i).path("score").asDouble()))));
    }
    // each cohort's winners were rendered together (the last cohort is one output: alone)
    for (int i = 0; i < 5; i++) {
      List<String> with = new ArrayList<>();
      two.get(i).path("rendered-with").forEach(id -> with.add(id.asText()));
      List<String> cohort = i < 4 ? List.of(one.get(i - i % 2).path("id").asText(), one.get(i - i % 2 + 1).path("id").asText())
          : List.of();
      assertThat(with).as("output %d rendered with", i).isEqualTo(cohort);
      assertThat(one.get(i).has("rendered-with")).isFalse();
    }
    assertThat(Fixtures.readJson(twoAtATime.resolve("run.json")).path("budget").path("outputs-in-flight").asInt())
        .isEqualTo(2);
    assertThat(Fixtures.readJson(oneAtATime.resolve("run.json")).path("budget").has("outputs-in-flight")).isFalse();
  }

  @Test
  void twoRunsTwoAtATimeWriteTheSameFiles(@TempDir Path work) {
    Path again = work.resolve("again");
    Cli.Result r = Cli.run("run", tmp.resolve("two.yaml").toString(), "--out", again.toString(),
        "--plugins-dir", Fixtures.pluginsDir().toString(), "--no-progress");
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertSameResults(again, twoAtATime);
  }

  /** Cohorts share nothing that decides a result: three side by side write the files of one after another. */
  @Test
  void cohortsSideBySideWriteTheSameFilesAsCohortsOneAfterAnother(@TempDir Path work) throws IOException {
    for (String name : List.of("one", "two")) {
      Runs.start(new Runs.Request(tmp.resolve(name + ".yaml"), List.of(), work.resolve(name),
          PluginDirs.only(Fixtures.pluginsDir()), k -> null, Progress.Listener.NONE, 3));
      assertSameResults(work.resolve(name), name.equals("one") ? oneAtATime : twoAtATime);
    }
  }

  /**
   * {@code run --threads N} sets the engine's threads for the run (cohorts side by side fill the cores), records
   * them in run.json, and puts them back; {@code --resume} continues at the run's threads, to the same files.
   */
  @Test
  void runWithThreadsPutsTheEnginesThreadsBackAfterwards(@TempDir Path work) throws IOException {
    Fixtures.engine();
    var before = EngineSetup.intraOpThreads();
    Cli.Result r = Cli.run("run", tmp.resolve("two.yaml").toString(), "--out", work.resolve("t1").toString(),
        "--plugins-dir", Fixtures.pluginsDir().toString(), "--no-progress", "--threads", "1");
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out()).contains("5 outputs done");
    assertThat(EngineSetup.intraOpThreads()).isEqualTo(before);
    assertThat(Fixtures.files(work.resolve("t1").resolve("images"), ".png")).hasSize(5);
    assertThat(Fixtures.readJson(work.resolve("t1").resolve("run.json")).path("engine-threads").asInt()).isEqualTo(1);

    // killed before the last output was kept: resumed without --threads, it continues at the run's 1 thread
    Path killed = work.resolve("killed");
    Fixtures.copyTree(work.resolve("t1"), killed);
    ObjectNode summary = Fixtures.readJson(killed.resolve("summary.json"));
    String last = summary.path("outputs").get(4).path("id").asText();
    ((ArrayNode) summary.get("outputs")).remove(4);
    summary.put("complete", false);
    Fixtures.JSON.writeValue(killed.resolve("summary.json").toFile(), summary);
    Files.delete(killed.resolve("images").resolve(last + ".png"));
    Files.delete(killed.resolve("noises").resolve(last + ".npy"));
    List<String> lines = new ArrayList<>(Fixtures.lines(killed.resolve("candidates.jsonl")));
    lines.removeIf(l -> l.contains("\"output\":\"" + last + "\""));
    Files.writeString(killed.resolve("candidates.jsonl"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    Cli.Result resumed = Cli.run("run", "--resume", killed.toString(), "--plugins-dir", Fixtures.pluginsDir().toString(),
        "--no-progress");
    assertThat(resumed.exitCode()).as(resumed.transcript()).isZero();
    assertThat(resumed.out()).contains("1 outputs done (4 kept from before)");
    assertSameResults(killed, work.resolve("t1"));
    assertThat(EngineSetup.intraOpThreads()).isEqualTo(before);
  }

  @Test
  void everyKeptSampleRegeneratesBitForBit(@TempDir Path work) {
    for (JsonNode o : Fixtures.readJson(twoAtATime.resolve("summary.json")).path("outputs")) {
      String id = o.path("id").asText();
      Path png = work.resolve(id + ".png");
      Cli.Result r = Cli.run("regenerate", twoAtATime.toString(), "--output", id, "--png", png.toString(),
          "--plugins-dir", Fixtures.pluginsDir().toString());
      assertThat(r.exitCode()).as(r.transcript()).isZero();
      assertThat(r.out()).contains("identical").doesNotContain("DIFFERS");
      assertThat(Fixtures.bytes(png)).isEqualTo(Fixtures.bytes(twoAtATime.resolve("images").resolve(id + ".png")));
    }
  }

  @Test
  void resumingACohortCutShortSearchesItAgainWholeToTheFilesOfTheUninterruptedRun(@TempDir Path work)
      throws IOException {
    // killed while output 2 (first of the cohort 2-3) was being searched, after output 3 was kept
    Path killed = work.resolve("killed");
    Fixtures.copyTree(twoAtATime, killed);
    ObjectNode summary = Fixtures.readJson(killed.resolve("summary.json"));
    ArrayNode outputs = (ArrayNode) summary.get("outputs");
    String cut = outputs.get(2).path("id").asText();
    outputs.remove(4);
    outputs.remove(2);
    summary.put("complete", false);
    ((ObjectNode) summary.get("totals")).put("outputs-done", outputs.size());
    Fixtures.JSON.writeValue(killed.resolve("summary.json").toFile(), summary);
    String last = Fixtures.readJson(twoAtATime.resolve("summary.json")).path("outputs").get(4).path("id").asText();
    for (String id : List.of(cut, last)) {
      Files.delete(killed.resolve("images").resolve(id + ".png"));
      Files.delete(killed.resolve("noises").resolve(id + ".npy"));
    }
    List<String> lines = new ArrayList<>();
    int ofCut = 0;
    for (String line : Fixtures.lines(twoAtATime.resolve("candidates.jsonl"))) {
      boolean isCut = line.contains("\"output\":\"" + cut + "\"");
      boolean isLast = line.contains("\"output\":\"" + last + "\"");
      if (!isLast && (!isCut || ofCut++ < 1)) { // one of the cut output's lines made it to the file
        lines.add(line);
      }
    }
    Files.writeString(killed.resolve("candidates.jsonl"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);

    Cli.Result r = Cli.run("run", "--resume", killed.toString(), "--plugins-dir", Fixtures.pluginsDir().toString(),
        "--no-progress");

    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out()).contains("2 outputs done (3 kept from before)");
    assertSameResults(killed, twoAtATime);
    assertThat(Fixtures.bytes(killed.resolve("run.json"))).isEqualTo(Fixtures.bytes(twoAtATime.resolve("run.json")));
  }

  @Test
  void aVerifierThatScoresOutputsAgainstEarlierOnesRefusesOutputsInFlight(@TempDir Path work) {
    ObjectNode config = Fixtures.smallQuickstart(work, 5, 0, 1);
    config.withObject("/search").put("outputs-in-flight", 2);
    config.putObject("verifier").put("name", "oracle-fid");
    Cli.Result r = Cli.runPipeline(Fixtures.writeYaml(work, "fid.yaml", config), work.resolve("fid"));
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).singleElement().asString()
        .startsWith("error: search.outputs-in-flight: ")
        .contains("oracle-fid").contains("one at a time");
    assertThat(work.resolve("fid")).doesNotExist();
  }

  /** The same candidate lines, summary (but wall times), images and noises as {@code expected}: all five outputs'. */
  private static void assertSameResults(Path dir, Path expected) {
    assertThat(Fixtures.files(expected.resolve("images"), ".png")).hasSize(5);
    Fixtures.assertSameRunFiles(dir, expected);
  }
}
