package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.run.Progress;
import dev.diffsearch.core.run.Runs;
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
 * {@code run --resume}: a run killed during its last output continues to exactly the files an
 * uninterrupted run writes. The kill is simulated on a copy of a finished run: the last output is taken
 * out of summary.json, its image and noise deleted, and candidates.jsonl left as a kill leaves it.
 *
 * <p>A finished output whose work is not all there — candidate lines cut, missing, damaged or repeated,
 * its summary entry, image or noise missing or damaged — is recomputed, with one {@code resume:} line on
 * stderr, to the same files; a directory whose files belong to another run is refused (exit 2, one line)
 * and left as it was.
 */
class ResumeTest {

  @TempDir static Path tmp;
  static Path complete;
  static String lastId;
  static List<String> ids;

  @BeforeAll
  static void runThreeOutputsToTheEnd() {
    Path yaml = Fixtures.writeYaml(tmp, "three.yaml", Fixtures.smallQuickstart(tmp, 5, 0, 1, 2));
    complete = tmp.resolve("complete");
    Cli.Result r = Cli.runPipeline(yaml, complete);
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    JsonNode outputs = Fixtures.readJson(complete.resolve("summary.json")).path("outputs");
    assertThat(outputs).hasSize(3);
    lastId = outputs.get(2).path("id").asText();
    ids = new ArrayList<>();
    outputs.forEach(o -> ids.add(o.path("id").asText()));
    assertThat(ids).containsExactly("o0000-class00-s000", "o0001-class01-s000", "o0002-class02-s000");
    assertThat(Fixtures.candidates(complete)).hasSize(3 * CANDIDATES);
  }

  /** Candidates per output: what {@link Fixtures#SEARCH_NFE} pays for with heun 4 steps (7 NFE each). */
  static final int CANDIDATES = 4;

  @Test
  void resumingAfterAKillWithinALineRecomputesTheLastOutputExactly(@TempDir Path work) throws IOException {
    Path killed = work.resolve("killed");
    simulateKill(killed, true, "{\"output\":\"" + lastId + "\",\"class\":2,\"id\":\"c0");
    assertResumesToTheCompleteRun(killed);
  }

  @Test
  void resumingAfterAKillBetweenTheLastCandidateAndTheSummaryRecomputesItExactly(@TempDir Path work)
      throws IOException {
    Path killed = work.resolve("killed");
    simulateKill(killed, false, "");
    assertResumesToTheCompleteRun(killed);
  }

  @Test
  void resumingAfterAKillWithinALineOfAFinishedOutputsCopyDropsTheHalfLine(@TempDir Path work)
      throws IOException {
    // garbage that parses as JSON up to the cut only: the first half of a finished output's line
    List<String> lines = Fixtures.lines(complete.resolve("candidates.jsonl"));
    String first = lines.get(0);
    Path killed = work.resolve("killed");
    simulateKill(killed, true, first.substring(0, first.length() / 2));
    assertResumesToTheCompleteRun(killed);
  }

  @Test
  void resumingARunKilledDuringItsFirstOutputStartsThatOutputAfresh(@TempDir Path work) throws IOException {
    Path killed = work.resolve("killed");
    Fixtures.copyTree(complete, killed);
    Files.delete(killed.resolve("summary.json"));
    for (String dir : List.of("images", "noises")) {
      for (String name : Fixtures.files(killed.resolve(dir), "")) {
        Files.delete(killed.resolve(dir).resolve(name));
      }
    }
    String first = Fixtures.lines(complete.resolve("candidates.jsonl")).get(0);
    Files.writeString(killed.resolve("candidates.jsonl"), first + "\n" + first.substring(0, 20));
    Cli.Result r = resume(killed);
    assertFinished(r, 3, 0);
    assertThat(Fixtures.lines(killed.resolve("candidates.jsonl")))
        .containsExactlyElementsOf(Fixtures.lines(complete.resolve("candidates.jsonl")));
    assertThat(Fixtures.files(killed.resolve("images"), ".png")).hasSize(3);
  }

  @Test
  void resumingACompleteRunComputesNothingAndChangesNoCandidate(@TempDir Path work) {
    Path copy = work.resolve("copy");
    Fixtures.copyTree(complete, copy);
    Cli.Result r = resume(copy);
    assertFinished(r, 0, 3);
    assertThat(Fixtures.lines(copy.resolve("candidates.jsonl")))
        .containsExactlyElementsOf(Fixtures.lines(complete.resolve("candidates.jsonl")));
  }

  @Test
  void resumeWithAConfigFileIsBadInput(@TempDir Path work) {
    Path copy = work.resolve("copy");
    Fixtures.copyTree(complete, copy);
    Cli.Result r = Cli.run("run", tmp.resolve("three.yaml").toString(), "--resume", copy.toString(),
        "--plugins-dir", Fixtures.pluginsDir().toString(), "--no-progress");
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).singleElement().asString().startsWith("error: ").contains("--resume");
  }

  // ---- finished work that is not all there is recomputed, to the same files ----

  @Test
  void truncatingTheCandidatesOfAFinishedRunRecomputesEveryOutputWhoseLinesAreCut(@TempDir Path work)
      throws IOException {
    Path run = copyOfTheCompleteRun(work);
    List<String> lines = Fixtures.lines(complete.resolve("candidates.jsonl"));
    String half = lines.get(5).substring(0, lines.get(5).length() / 2);
    Files.writeString(run.resolve("candidates.jsonl"), String.join("\n", lines.subList(0, 5)) + "\n" + half);

    Cli.Result r = resume(run);

    assertRecovered(r, run, 2, 1,
        "resume: output " + ids.get(1) + ": 3 of 4 candidate lines missing or damaged in candidates.jsonl; recomputing it",
        "resume: output " + ids.get(2) + ": 4 of 4 candidate lines missing or damaged in candidates.jsonl; recomputing it");
  }

  @Test
  void linesMissingInTheMiddleRecomputeTheirOutputAndKeepTheRunOrder(@TempDir Path work) throws IOException {
    Path run = copyOfTheCompleteRun(work);
    List<String> lines = new ArrayList<>(Fixtures.lines(complete.resolve("candidates.jsonl")));
    lines.subList(5, 7).clear(); // the second and third candidate of the middle output
    writeLines(run.resolve("candidates.jsonl"), lines);

    Cli.Result r = resume(run);

    assertFinished(r, 1, 2);
    assertThat(r.errorLines()).containsExactly(
        "resume: output " + ids.get(1) + ": 2 of 4 candidate lines missing or damaged in candidates.jsonl; recomputing it");
    assertSameFilesAsTheUninterruptedRun(run); // its lines back between the first and the last output's
  }

  @Test
  void aDamagedLineInTheMiddleRecomputesItsOutput(@TempDir Path work) throws IOException {
    Path run = copyOfTheCompleteRun(work);
    List<String> lines = new ArrayList<>(Fixtures.lines(complete.resolve("candidates.jsonl")));
    lines.set(1, lines.get(1).substring(0, lines.get(1).length() - 9)); // half-written JSON, then the next line

    Cli.Result r = resume(run, lines);

    assertRecovered(r, run, 1, 2,
        "resume: output " + ids.get(0) + ": 1 of 4 candidate lines missing or damaged in candidates.jsonl; recomputing it");
  }

  @Test
  void aDamagedLineThatNamesNoOutputIsDroppedAndEveryFinishedOutputKept(@TempDir Path work) throws IOException {
    Path run = copyOfTheCompleteRun(work);
    List<String> lines = new ArrayList<>(Fixtures.lines(complete.resolve("candidates.jsonl")));
    lines.add(4, "\0".repeat(64)); // a block of zero bytes, as a crash of the file system can leave

    Cli.Result r = resume(run, lines);

    assertRecovered(r, run, 0, 3,
        "resume: candidates.jsonl line 5 is damaged and names no output of this run; dropped");
  }

  @Test
  void aRepeatedOrMisplacedLineRecomputesItsOutput(@TempDir Path work) throws IOException {
    Path run = copyOfTheCompleteRun(work);
    List<String> lines = new ArrayList<>(Fixtures.lines(complete.resolve("candidates.jsonl")));
    lines.add(6, lines.get(5)); // the middle output's second line twice
    Cli.Result repeated = resume(run, lines);
    assertThat(repeated.exitCode()).as(repeated.transcript()).isZero();
    assertThat(repeated.errorLines()).containsExactly("resume: output " + ids.get(1)
        + ": candidates.jsonl holds 5 whole candidate lines where summary.json counts 4; recomputing it");
    assertSameFilesAsTheUninterruptedRun(run);

    Path swapped = copyOfTheCompleteRun(work.resolve("swapped"));
    lines = new ArrayList<>(Fixtures.lines(complete.resolve("candidates.jsonl")));
    java.util.Collections.swap(lines, 8, 9); // the last output's first two lines
    Cli.Result r = resume(swapped, lines);
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.errorLines()).singleElement().asString()
        .startsWith("resume: output " + ids.get(2) + ": candidates.jsonl line 10 has candidate c00000 after c00001")
        .endsWith("; recomputing it");
    assertSameFilesAsTheUninterruptedRun(swapped);
  }

  @Test
  void aMissingSummaryOfAFinishedRunRecomputesEveryOutput(@TempDir Path work) throws IOException {
    Path run = copyOfTheCompleteRun(work);
    Files.delete(run.resolve("summary.json"));

    Cli.Result r = resume(run);

    assertRecovered(r, run, 3, 0,
        "resume: summary.json is missing but 3 outputs left candidate lines or files; recomputing them");
  }

  @Test
  void aDamagedSummaryRecomputesEveryOutput(@TempDir Path work) throws IOException {
    Path run = copyOfTheCompleteRun(work);
    byte[] summary = Fixtures.bytes(complete.resolve("summary.json"));
    Files.write(run.resolve("summary.json"), java.util.Arrays.copyOf(summary, summary.length / 2));

    Cli.Result r = resume(run);

    assertFinished(r, 3, 0);
    assertThat(r.errorLines()).singleElement().asString()
        .startsWith("resume: summary.json is damaged (not valid JSON: ")
        .endsWith("); recomputing every output");
    assertSameFilesAsTheUninterruptedRun(run);
  }

  @Test
  void aSummaryEntryThatCountsMoreCandidatesThanItsLinesRecomputesThatOutput(@TempDir Path work)
      throws IOException {
    Path run = copyOfTheCompleteRun(work);
    ObjectNode summary = Fixtures.readJson(run.resolve("summary.json"));
    ((ObjectNode) summary.path("outputs").get(1)).put("candidates", 6);
    Fixtures.JSON.writeValue(run.resolve("summary.json").toFile(), summary);

    Cli.Result r = resume(run);

    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.errorLines()).containsExactly(
        "resume: output " + ids.get(1) + ": 2 of 6 candidate lines missing or damaged in candidates.jsonl; recomputing it");
    assertSameFilesAsTheUninterruptedRun(run);
  }

  @Test
  void aSummaryOfAnotherRunOfTheSameOutputsRecomputesThem(@TempDir Path work) throws IOException {
    Path yaml = Fixtures.writeYaml(work, "seed6.yaml", Fixtures.smallQuickstart(work, 6, 0, 1, 2));
    Cli.Result other = Cli.runPipeline(yaml, work.resolve("seed6"));
    assertThat(other.exitCode()).as(other.transcript()).isZero();
    Path run = copyOfTheCompleteRun(work);
    Files.copy(work.resolve("seed6").resolve("summary.json"), run.resolve("summary.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    Cli.Result r = resume(run);

    assertFinished(r, 3, 0);
    assertThat(r.errorLines()).hasSize(3).allSatisfy(line -> assertThat(line)
        .matches("resume: output o000[0-2]-class0[0-2]-s000: its best candidate c0000[0-3] scored \\S+ in "
            + "candidates.jsonl but \\S+ in summary.json; recomputing it"));
    assertSameFilesAsTheUninterruptedRun(run);
  }

  @Test
  void aMissingImageRecomputesItsOutput(@TempDir Path work) throws IOException {
    Path run = copyOfTheCompleteRun(work);
    Files.delete(run.resolve("images").resolve(ids.get(1) + ".png"));
    Files.write(run.resolve("images").resolve(ids.get(2) + ".png"), "not a png".getBytes(StandardCharsets.UTF_8));

    Cli.Result r = resume(run);

    assertRecovered(r, run, 2, 1,
        "resume: output " + ids.get(1) + ": images/" + ids.get(1) + ".png is missing; recomputing it",
        "resume: output " + ids.get(2) + ": images/" + ids.get(2) + ".png is not a readable PNG; recomputing it");
  }

  @Test
  void aMissingOrUnreadableNoiseRecomputesItsOutput(@TempDir Path work) throws IOException {
    Path run = copyOfTheCompleteRun(work);
    Path first = run.resolve("noises").resolve(ids.get(0) + ".npy");
    Files.write(first, withHeaderLength0xFFFF(Fixtures.bytes(first)));
    Files.delete(run.resolve("noises").resolve(ids.get(2) + ".npy"));
    long size = Files.size(first);

    Cli.Result r = resume(run);

    assertRecovered(r, run, 2, 1,
        "resume: output " + ids.get(0) + ": noises/" + ids.get(0)
            + ".npy: header length 65535 runs past the end of the file (" + size + " bytes); recomputing it",
        "resume: output " + ids.get(2) + ": noises/" + ids.get(2) + ".npy is missing; recomputing it");
  }

  @Test
  void aResumeStoppedWhileRecomputingLeavesTheRunIncompleteAndTheNextOneFinishesIt(@TempDir Path work)
      throws IOException {
    Path run = copyOfTheCompleteRun(work);
    List<String> lines = new ArrayList<>(Fixtures.lines(complete.resolve("candidates.jsonl")));
    lines.remove(4); // the middle output's first line
    writeLines(run.resolve("candidates.jsonl"), lines);
    Fixtures.engine();
    List<String> notes = new ArrayList<>();
    Progress.Listener killed = p -> {
      throw new IllegalStateException("killed");
    };
    assertThatThrownBy(() -> Runs.resume(run, PluginDirs.only(Fixtures.pluginsDir()), k -> null, killed, notes::add))
        .hasMessage("killed");

    assertThat(notes).containsExactly("resume: output " + ids.get(1)
        + ": 1 of 4 candidate lines missing or damaged in candidates.jsonl; recomputing it");
    ObjectNode summary = Fixtures.readJson(run.resolve("summary.json"));
    assertThat(summary.path("complete").asBoolean()).isFalse();
    assertThat(summary.path("totals").path("outputs-done").asInt()).isEqualTo(2);
    assertThat(summary.path("outputs").findValuesAsText("id")).containsExactly(ids.get(0), ids.get(2));

    Cli.Result r = resume(run);
    assertFinished(r, 1, 2);
    assertThat(r.errorLines()).isEmpty(); // the recomputed output was cut short: expected, nothing to say
    assertSameFilesAsTheUninterruptedRun(run);
  }

  // ---- files of another run are refused, and left as they are ----

  @Test
  void aSummaryListingAnOutputTheRunDoesNotHaveIsRefused(@TempDir Path work) throws IOException {
    Path run = copyOfTheCompleteRun(work);
    ObjectNode summary = Fixtures.readJson(run.resolve("summary.json"));
    ((ArrayNode) summary.get("outputs")).addObject().put("id", "o0009-class09-s000").put("class", 9);
    Fixtures.JSON.writeValue(run.resolve("summary.json").toFile(), summary);

    assertRefusedAndUntouched(run, "summary.json: lists output 'o0009-class09-s000', which run.json does not have");
  }

  @Test
  void candidateLinesOfAnOutputTheRunDoesNotHaveAreRefused(@TempDir Path work) throws IOException {
    Path run = copyOfTheCompleteRun(work);
    List<String> lines = new ArrayList<>(Fixtures.lines(complete.resolve("candidates.jsonl")));
    lines.add(lines.get(0).replace(ids.get(0), "o0007-class07-s000"));
    writeLines(run.resolve("candidates.jsonl"), lines);

    assertRefusedAndUntouched(run, "candidates.jsonl: line 13 is for output 'o0007-class07-s000', which run.json does not have");
  }

  @Test
  void aRunJsonWhoseConfigNoLongerMakesTheRunIsRefused(@TempDir Path work) throws IOException {
    Path classes = copyOfTheCompleteRun(work.resolve("classes"));
    ObjectNode runJson = Fixtures.readJson(classes.resolve("run.json"));
    ((ArrayNode) runJson.withObject("/config/conditions").get("classes")).set(2, Fixtures.JSON.getNodeFactory().numberNode(5));
    Fixtures.JSON.writeValue(classes.resolve("run.json").toFile(), runJson);
    assertRefusedAndUntouched(classes,
        "run.json: outputs[2] is '" + ids.get(2) + "' but its config makes 'o0002-class05-s000'");

    Path seed = copyOfTheCompleteRun(work.resolve("seed"));
    runJson = Fixtures.readJson(seed.resolve("run.json"));
    runJson.withObject("/config").put("seed", 6);
    Fixtures.JSON.writeValue(seed.resolve("run.json").toFile(), runJson);
    assertRefusedAndUntouched(seed, "run.json: 'seed' is 5 but its config makes 6");

    Path nfe = copyOfTheCompleteRun(work.resolve("nfe"));
    runJson = Fixtures.readJson(nfe.resolve("run.json"));
    runJson.withObject("/config/search").put("nfe", 2 * Fixtures.SEARCH_NFE);
    Fixtures.JSON.writeValue(nfe.resolve("run.json").toFile(), runJson);
    assertRefusedAndUntouched(nfe, "run.json: 'budget.search-nfe-per-output' is 28 but its config makes 56");

    Path damaged = copyOfTheCompleteRun(work.resolve("damaged"));
    byte[] bytes = Fixtures.bytes(complete.resolve("run.json"));
    Files.write(damaged.resolve("run.json"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertRefusedAndUntouched(damaged, "run.json: not valid JSON: ");
  }

  private static Path copyOfTheCompleteRun(Path work) {
    Path run = work.resolve("run");
    Fixtures.copyTree(complete, run);
    return run;
  }

  private static void writeLines(Path file, List<String> lines) throws IOException {
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  /** The .npy with its header length (bytes 8, 9 of version 1.0) set to 0xFFFF, past the end of the file. */
  static byte[] withHeaderLength0xFFFF(byte[] npy) {
    byte[] bad = npy.clone();
    bad[8] = (byte) 0xFF;
    bad[9] = (byte) 0xFF;
    return bad;
  }

  /** Resumes with candidates.jsonl holding {@code lines}. */
  private static Cli.Result resume(Path runDir, List<String> lines) throws IOException {
    writeLines(runDir.resolve("candidates.jsonl"), lines);
    return resume(runDir);
  }

  private static void assertRefusedAndUntouched(Path run, String message) {
    Map<String, byte[]> before = contents(run);
    Cli.Result r = resume(run);
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).singleElement().asString()
        .startsWith("error: " + run + java.io.File.separator + message);
    Map<String, byte[]> after = contents(run);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((name, bytes) -> assertThat(after.get(name)).as(name + " untouched").isEqualTo(bytes));
  }

  /** Every file under {@code dir}: relative path → bytes. */
  private static Map<String, byte[]> contents(Path dir) {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile).forEach(p -> files.put(dir.relativize(p).toString(), Fixtures.bytes(p)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return files;
  }

  /**
   * {@code dir} holds what the uninterrupted run wrote: the same run.json, candidates.jsonl (same lines,
   * same order), images and noises byte for byte, and the same summary.json but for wall times.
   */
  private static void assertSameFilesAsTheUninterruptedRun(Path dir) {
    Fixtures.assertSameRunFiles(dir, complete);
    assertThat(Fixtures.readJson(dir.resolve("summary.json")).path("complete").asBoolean()).isTrue();
    assertThat(Fixtures.bytes(dir.resolve("run.json"))).isEqualTo(Fixtures.bytes(complete.resolve("run.json")));
  }

  /**
   * Copies the complete run to {@code killed} and undoes its last output the way a kill during it would:
   * summary without it (complete: false), no image or noise for it, candidates.jsonl keeping the lines
   * already flushed for it ({@code keepHalf}: the first half of them, else all) and then {@code tail}
   * with no newline, a line cut short.
   */
  private static void simulateKill(Path killed, boolean keepHalf, String tail) throws IOException {
    Fixtures.copyTree(complete, killed);
    ObjectNode summary = Fixtures.readJson(killed.resolve("summary.json"));
    ArrayNode outputs = (ArrayNode) summary.get("outputs");
    outputs.remove(outputs.size() - 1);
    summary.put("complete", false);
    ((ObjectNode) summary.get("totals")).put("outputs-done", outputs.size());
    Fixtures.JSON.writerWithDefaultPrettyPrinter().writeValue(killed.resolve("summary.json").toFile(), summary);
    Files.delete(killed.resolve("images").resolve(lastId + ".png"));
    Files.delete(killed.resolve("noises").resolve(lastId + ".npy"));

    List<String> lines = Fixtures.lines(complete.resolve("candidates.jsonl"));
    List<String> kept = new ArrayList<>();
    List<String> ofLast = new ArrayList<>();
    for (String line : lines) {
      (line.contains("\"output\":\"" + lastId + "\"") ? ofLast : kept).add(line);
    }
    assertThat(ofLast).hasSizeGreaterThan(1);
    kept.addAll(keepHalf ? ofLast.subList(0, ofLast.size() / 2) : ofLast);
    String text = String.join("\n", kept) + "\n" + tail;
    Files.writeString(killed.resolve("candidates.jsonl"), text, StandardCharsets.UTF_8);
  }

  /** {@code r} exited 0 having computed {@code done} outputs and kept {@code kept} from before. */
  private static void assertFinished(Cli.Result r, int done, int kept) {
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out()).contains(done + " outputs done (" + kept + " kept from before)");
  }

  /**
   * {@code r} finished ({@link #assertFinished}) saying just {@code errorLines} on stderr, and left {@code run}
   * with the files of the uninterrupted run.
   */
  private static void assertRecovered(Cli.Result r, Path run, int done, int kept, String... errorLines) {
    assertFinished(r, done, kept);
    assertThat(r.errorLines()).containsExactly(errorLines);
    assertSameFilesAsTheUninterruptedRun(run);
  }

  private static Cli.Result resume(Path runDir) {
    return Cli.run("run", "--resume", runDir.toString(), "--plugins-dir", Fixtures.pluginsDir().toString(),
        "--no-progress");
  }

  private static void assertResumesToTheCompleteRun(Path killed) {
    Cli.Result r = resume(killed);
    assertFinished(r, 1, 2);

    List<String> expected = Fixtures.lines(complete.resolve("candidates.jsonl"));
    List<String> actual = Fixtures.lines(killed.resolve("candidates.jsonl"));
    assertThat(actual).as("same lines, same order, no duplicates, nothing lost").containsExactlyElementsOf(expected);
    assertThat(actual).doesNotHaveDuplicates();

    ObjectNode want = Fixtures.readJson(complete.resolve("summary.json"));
    ObjectNode got = Fixtures.readJson(killed.resolve("summary.json"));
    assertThat(got.path("complete").asBoolean()).isTrue();
    assertThat(got.path("outputs")).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode w = want.path("outputs").get(i);
      JsonNode g = got.path("outputs").get(i);
      for (String key : List.of("id", "best-id", "best-score", "candidates", "search-nfe", "final-nfe")) {
        assertThat(g.path(key)).as("outputs[%d].%s", i, key).isEqualTo(w.path(key));
      }
    }
    assertThat(got.path("totals").path("search-nfe")).isEqualTo(want.path("totals").path("search-nfe"));
    assertThat(got.path("totals").path("outputs-done").asInt()).isEqualTo(3);
    assertThat(Fixtures.bytes(killed.resolve("images").resolve(lastId + ".png")))
        .isEqualTo(Fixtures.bytes(complete.resolve("images").resolve(lastId + ".png")));
    assertThat(Fixtures.bytes(killed.resolve("noises").resolve(lastId + ".npy")))
        .isEqualTo(Fixtures.bytes(complete.resolve("noises").resolve(lastId + ".npy")));
  }
}
