package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * {@code run --resume}: a run killed during its last output continues to exactly the files an
 * uninterrupted run writes. The kill is simulated on a copy of a finished run: the last output is taken
 * out of summary.json, its image and noise deleted, and candidates.jsonl left as a kill leaves it.
 */
class ResumeTest {

  @TempDir static Path tmp;
  static Path complete;
  static String lastId;

  @BeforeAll
  static void runThreeOutputsToTheEnd() {
    Path yaml = Fixtures.writeYaml(tmp, "three.yaml", Fixtures.smallQuickstart(tmp, 5, 0, 1, 2));
    complete = tmp.resolve("complete");
    Cli.Result r = Cli.runPipeline(yaml, complete);
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    JsonNode outputs = Fixtures.readJson(complete.resolve("summary.json")).path("outputs");
    assertThat(outputs).hasSize(3);
    lastId = outputs.get(2).path("id").asText();
  }

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
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out()).contains("3 outputs done (0 kept from before)");
    assertThat(Fixtures.lines(killed.resolve("candidates.jsonl")))
        .containsExactlyElementsOf(Fixtures.lines(complete.resolve("candidates.jsonl")));
    assertThat(Fixtures.files(killed.resolve("images"), ".png")).hasSize(3);
  }

  @Test
  void resumingACompleteRunComputesNothingAndChangesNoCandidate(@TempDir Path work) {
    Path copy = work.resolve("copy");
    Fixtures.copyTree(complete, copy);
    Cli.Result r = resume(copy);
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out()).contains("0 outputs done (3 kept from before)");
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

  private static Cli.Result resume(Path runDir) {
    return Cli.run("run", "--resume", runDir.toString(), "--plugins-dir", Fixtures.pluginsDir().toString(),
        "--no-progress");
  }

  private static void assertResumesToTheCompleteRun(Path killed) {
    Cli.Result r = resume(killed);
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out()).contains("1 outputs done (2 kept from before)");

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
