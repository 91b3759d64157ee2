package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.core.plugin.ExtensionKind;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A jar that is no plugin is skipped with one warning naming it; the good plugins still load. */
class CorruptPluginJarsTest {

  @TempDir static Path tmp;
  static Path plugins;

  @BeforeAll
  static void pluginsDirWithTwoBadJars() {
    Fixtures.engine();
    plugins = TestPluginJars.copyReal(tmp.resolve("plugins"), "example-verifier.jar", "gaussian-mixture.jar");
    TestPluginJars.randomBytes(plugins.resolve("broken.jar"), 4096, 17);
    TestPluginJars.withoutPluginManifest(plugins.resolve("nomanifest.jar"));
  }

  @Test
  void theGoodPluginsLoadAndEachBadJarGetsExactlyOneWarningNamingIt() {
    try (PluginRuntime runtime = PluginRuntime.start(plugins)) {
      assertThat(runtime.registry().find(ExtensionKind.VERIFIER, "brightness")).isNotNull();
      assertThat(runtime.registry().find(ExtensionKind.MODEL, "gaussian-mixture")).isNotNull();
      assertThat(runtime.registry().find(ExtensionKind.VERIFIER, "mixture-posterior")).isNotNull();
      assertThat(runtime.registry().find(ExtensionKind.SAMPLER, "heun")).isNotNull();
      assertThat(runtime.plugins()).extracting(o -> o.pluginId())
          .containsExactlyInAnyOrder("example-verifier", "gaussian-mixture");
      assertThat(runtime.warnings()).hasSize(2);
      assertThat(runtime.warnings()).filteredOn(w -> w.contains("broken.jar")).hasSize(1);
      assertThat(runtime.warnings()).filteredOn(w -> w.contains("nomanifest.jar")).hasSize(1);
      assertThat(runtime.warnings()).allSatisfy(w -> assertThat(w).doesNotContain("\n"));
    }
  }

  @Test
  void pluginsCommandStillSucceedsAndWarnsOnStderr() {
    Cli.Result r = Cli.run("plugins", "--plugins-dir", plugins.toString());
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out())
        .containsPattern("(?m)^verifier\\s+brightness\\s+example-verifier@")
        .containsPattern("(?m)^model\\s+gaussian-mixture\\s+gaussian-mixture@");
    assertThat(r.err()).contains("broken.jar").contains("nomanifest.jar");
  }

  @Test
  void aPipelineStillRunsBesideTheBadJars() {
    Path yaml = Fixtures.writeYaml(tmp, "one.yaml", Fixtures.smallQuickstart(tmp, 9, 8));
    Cli.Result r = Cli.run("run", yaml.toString(), "--out", tmp.resolve("run").toString(),
        "--plugins-dir", plugins.toString(), "--no-progress");
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(tmp.resolve("run").resolve("summary.json")).isRegularFile();
  }
}
