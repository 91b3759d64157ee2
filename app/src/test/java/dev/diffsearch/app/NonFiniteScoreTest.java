package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A verifier that returns NaN or ±∞ stops the run as a verifier that throws does (see
 * {@link FailingPluginTest}): one line naming the verifier, its plugin and the candidates, exit code 1,
 * and what was scored before stays recorded. Such a score never wins.
 */
class NonFiniteScoreTest {

  /** Scores by brightness, but the last row of the Nth batch gets {@code value} (NaN, Infinity, -Infinity). */
  static final String BROKEN = TestPluginJars.verifier("broken.Broken", "broken", "Integer badOnBatch, String value", """
          int[] batches = {0};
          return input -> {
            float[] s = input.samples().reshape(input.size(), -1).mean(new int[] {1}).toFloatArray();
            if (++batches[0] == config.badOnBatch()) {
              s[s.length - 1] = Float.parseFloat(config.value());
            }
            return s;
          };
      """);

  @TempDir static Path plugins;

  @BeforeAll
  static void build() {
    Fixtures.engine();
    TestPluginJars.besideGaussianMixture(plugins,
        TestPluginJars.plugin("broken-plugin").version("1.2.0").extension("broken.Broken", BROKEN));
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
  void aNonFiniteScoreStopsTheRunNamingVerifierPluginAndCandidate(String value, @TempDir Path tmp) {
    Cli.Result r = Fixtures.runWithVerifier(tmp, plugins, "{name: broken, bad-on-batch: 4, value: '" + value + "'}");
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(1);
    assertThat(r.errorLines()).first().asString().isEqualTo("error: verifier broken (broken-plugin@1.2.0) returned a "
        + "non-finite score for candidate c00003 (" + value + "); scores must be finite numbers");
    assertThat(r.err()).doesNotContain("\tat ");
    // the first output (2 batches) finished; the second output's first batch stays recorded
    Path run = tmp.resolve("run");
    assertThat(Fixtures.candidates(run)).hasSize(6);
    assertThat(Fixtures.readJson(run.resolve("summary.json")).path("outputs")).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity"})
  void aNonFiniteScoreOfAnEnsembleMemberNamesTheMemberAndItsPlugin(String value, @TempDir Path tmp) {
    Cli.Result r = Fixtures.runWithVerifier(tmp, plugins, "{name: ensemble, members: [{name: mixture-posterior}, "
        + "{name: broken, bad-on-batch: 2, value: '" + value + "'}]}");
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(1);
    assertThat(r.errorLines()).first().asString().isEqualTo("error: verifier ensemble (built-in) failed while scoring "
        + "candidates c00002..c00003 (2): ensemble member 'broken' (broken-plugin@1.2.0) returned a non-finite score "
        + "for candidate c00003 (" + value + "); scores must be finite numbers");
    assertThat(Fixtures.candidates(tmp.resolve("run"))).hasSize(2);
  }
}
