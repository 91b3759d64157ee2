package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.core.plugin.ExtensionKind;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin that fails stops the run with one line naming it; what was scored stays recorded. */
class FailingPluginTest {

  /** A verifier that scores by brightness, but throws on the Nth batch, or when created. */
  static final String FLAKY = TestPluginJars.verifier("flaky.Flaky", "flaky",
      "Integer failOnBatch, Boolean failOnCreate", """
          if (Boolean.TRUE.equals(config.failOnCreate())) {
            throw new IllegalStateException("no licence file");
          }
          int[] batches = {0};
          return input -> {
            if (++batches[0] == config.failOnBatch()) {
              throw new IllegalArgumentException("judge unavailable");
            }
            return input.samples().reshape(input.size(), -1).mean(new int[] {1}).toFloatArray();
          };
      """);

  @TempDir static Path plugins;

  @BeforeAll
  static void build() {
    Fixtures.engine();
    TestPluginJars.besideGaussianMixture(plugins,
        TestPluginJars.plugin("flaky-plugin").version("2.0.0").extension("flaky.Flaky", FLAKY));
  }

  @Test
  void aVerifierThatThrowsWhileScoringStopsTheRunNamingPluginExtensionAndCandidates(@TempDir Path tmp) {
    Cli.Result r = Fixtures.runWithVerifier(tmp, plugins, "{name: flaky, fail-on-batch: 4}");
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(1);
    assertThat(r.errorLines()).first().asString()
        .isEqualTo("error: verifier flaky (flaky-plugin@2.0.0) failed while scoring candidates c00002..c00003 (2): judge unavailable");
    assertThat(r.err()).doesNotContain("\tat ");
    // the first output (2 batches) finished; the second output's first batch stays recorded
    Path run = tmp.resolve("run");
    assertThat(Fixtures.candidates(run)).hasSize(6);
    assertThat(Fixtures.readJson(run.resolve("summary.json")).path("outputs")).hasSize(1);
  }

  @Test
  void aVerifierThatThrowsWhenCreatedIsBadInputNamingIt(@TempDir Path tmp) {
    Cli.Result r = Fixtures.runWithVerifier(tmp, plugins, "{name: flaky, fail-on-create: true}");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLines()).singleElement().asString()
        .isEqualTo("error: verifier: flaky (flaky-plugin@2.0.0) failed to start: no licence file");
  }

  @Test
  void aPluginBuiltForAnIncompatiblePluginApiIsRefusedSayingSo(@TempDir Path dir) {
    TestPluginJars.plugin("future-plugin").version("1.0.0").requires(">=9.0.0").extension("flaky.Flaky", FLAKY).writeTo(dir);
    try (PluginRuntime runtime = PluginRuntime.start(dir)) {
      assertThat(runtime.registry().find(ExtensionKind.VERIFIER, "flaky")).isNull();
      assertThat(runtime.warnings()).singleElement().asString()
          .contains("future-plugin").contains(">=9.0.0").contains("incompatible").contains(PluginRuntime.API_VERSION);
    }
  }
}
