package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same seed gives the same run; another seed gives another. */
class DeterminismTest {

  @TempDir static Path tmp;
  static Path first;
  static Path second;
  static Path otherSeed;

  @BeforeAll
  static void runThreeTimes() {
    Path seed7 = Fixtures.writeYaml(tmp, "seed7.yaml", Fixtures.smallQuickstart(tmp, 7, 2, 5));
    Path seed8 = Fixtures.writeYaml(tmp, "seed8.yaml", Fixtures.smallQuickstart(tmp, 8, 2, 5));
    first = tmp.resolve("first");
    second = tmp.resolve("second");
    otherSeed = tmp.resolve("other-seed");
    for (Cli.Result r : List.of(
        Cli.runPipeline(seed7, first), Cli.runPipeline(seed7, second), Cli.runPipeline(seed8, otherSeed))) {
      assertThat(r.exitCode()).as(r.transcript()).isZero();
    }
  }

  @Test
  void twoRunsWithTheSameSeedRecordTheSameCandidatesAndScores() {
    assertThat(scores(second)).isNotEmpty().containsExactlyElementsOf(scores(first));
    assertThat(Fixtures.lines(second.resolve("candidates.jsonl")))
        .containsExactlyElementsOf(Fixtures.lines(first.resolve("candidates.jsonl")));
  }

  @Test
  void twoRunsWithTheSameSeedWriteByteIdenticalImagesAndNoises() {
    List<String> images = Fixtures.files(first.resolve("images"), ".png");
    assertThat(images).hasSize(2);
    assertThat(Fixtures.files(second.resolve("images"), ".png")).isEqualTo(images);
    for (String name : images) {
      assertThat(Fixtures.bytes(second.resolve("images").resolve(name)))
          .as(name).isEqualTo(Fixtures.bytes(first.resolve("images").resolve(name)));
    }
    for (String name : Fixtures.files(first.resolve("noises"), ".npy")) {
      assertThat(Fixtures.bytes(second.resolve("noises").resolve(name)))
          .as(name).isEqualTo(Fixtures.bytes(first.resolve("noises").resolve(name)));
    }
  }

  @Test
  void aDifferentSeedGivesDifferentScores() {
    assertThat(scores(otherSeed)).hasSameSizeAs(scores(first)).isNotEqualTo(scores(first));
  }

  private static List<Double> scores(Path runDir) {
    return Fixtures.candidates(runDir).stream().map(l -> l.path("score")).map(JsonNode::asDouble).toList();
  }
}
