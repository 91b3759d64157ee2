package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sweep file under {@code experiments/} (the commands docs/RESULTS.md gives next to each figure) is a sweep
 * whose every condition wires (config, plugins, shipped weights), with the conditions the results were made of.
 */
class ExperimentsTest {

  /** The conditions each sweep file makes: what docs/RESULTS.md's tables and compute lines count. */
  static final Map<String, Integer> CONDITIONS = Map.of(
      "claim-1.yaml", 12, "claim-2.yaml", 12, "claim-3.yaml", 9, "claim-4.yaml", 27, "claim-5.yaml", 20,
      "claim-5-seeds.yaml", 12, "claim-6.yaml", 12, "claim-7.yaml", 18, "text-to-image.yaml", 9);

  static Stream<String> files() throws IOException {
    try (Stream<Path> s = Files.list(Fixtures.repoDir().resolve("experiments"))) {
      List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
      assertThat(names).as("a sweep file without a count here").containsExactlyInAnyOrderElementsOf(CONDITIONS.keySet());
      return names.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("files")
  void everyConditionOfTheSweepFileWires(String name, @TempDir Path tmp) {
    Path out = tmp.resolve("out");
    Cli.Result r = Cli.run("sweep", Fixtures.repoDir().resolve("experiments").resolve(name).toString(), "--out",
        out.toString(), "--dry-run", "--plugins-dir", Fixtures.pluginsDir().toString());
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out()).contains(CONDITIONS.get(name) + " conditions checked; nothing run");
    assertThat(out).doesNotExist();
  }
}
