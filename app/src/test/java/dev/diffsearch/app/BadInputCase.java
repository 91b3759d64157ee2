package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** What the bad-input tests share: a small pipeline to break, the run command, the bad-input assertion. */
abstract class BadInputCase {

  @TempDir Path tmp;

  /** A valid small pipeline, to break one value of. */
  ObjectNode small() {
    return Fixtures.smallQuickstart(tmp, 1, 0);
  }

  String yamlText() {
    return String.join("\n",
        "seed: 1",
        "model: {name: gaussian-mixture}",
        "sampler:",
        "  search: {name: heun, steps: 4}",
        "verifier:",
        "  name: mixture-posterior",
        "search: {name: random, nfe: 28}",
        "conditions: {classes: [0]}",
        "output: {dir: " + tmp.resolve("runs") + ", name: bad}",
        "");
  }

  Path write(ObjectNode config) {
    return Fixtures.writeYaml(tmp, "pipeline.yaml", config);
  }

  Cli.Result run(Path config, String... extra) {
    List<String> args = new ArrayList<>(List.of(
        "run", config.toString(), "--plugins-dir", Fixtures.pluginsDir().toString(), "--no-progress"));
    args.addAll(Arrays.asList(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  void assertBadInput(Cli.Result r, String... named) {
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    List<String> lines = r.errorLines();
    assertThat(lines).as(r.transcript()).hasSize(1);
    assertThat(lines.get(0)).startsWith("error: ");
    for (String n : named) {
      assertThat(lines.get(0)).as(r.transcript()).contains(n);
    }
    assertThat(r.err()).as("no stack trace without --verbose").doesNotContain("\tat ");
    assertThat(tmp.resolve("runs")).as("nothing was run").doesNotExist();
  }

  /** {@link #assertBadInput}, and the one line also matches {@code pattern} (e.g. {@code file:line:column}). */
  void assertBadInputMatching(Cli.Result r, String pattern, String... named) {
    assertBadInput(r, named);
    assertThat(r.errorLines().get(0)).containsPattern(pattern);
  }
}
