package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.core.plugin.ExtensionKind;
import dev.diffsearch.core.plugin.ExtensionRegistry;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each extension comes from: built-in (class path) or a plugin jar, as listed and as recorded. */
class PluginOriginTest {

  @BeforeAll
  static void engine() {
    Fixtures.engine();
  }

  @Test
  void pluginsListsEveryExtensionWithKindNameAndOrigin() {
    String out = Fixtures.assertPluginsLists(
        "(?m)^verifier\\s+brightness\\s+example-verifier@\\S+",
        "(?m)^verifier\\s+mixture-posterior\\s+gaussian-mixture@\\S+",
        "(?m)^model\\s+gaussian-mixture\\s+gaussian-mixture@\\S+",
        "(?m)^sampler\\s+heun\\s+built-in\\b",
        "(?m)^sampler\\s+euler\\s+built-in\\b",
        "(?m)^algorithm\\s+random\\s+built-in\\b",
        "(?m)^command\\s+gaussian-mixture-fit\\s+gaussian-mixture@\\S+");
    assertThat(out).contains("user plugins: " + Fixtures.pluginsDir().toAbsolutePath() + " (--plugins-dir)");
  }

  @Test
  void pluginsWithoutAPluginsDirectoryListsOnlyTheBuiltIns(@TempDir Path empty) {
    Cli.Result r = Cli.run("plugins", "--plugins-dir", empty.toString());
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out())
        .containsPattern("(?m)^sampler\\s+heun\\s+built-in\\b")
        .doesNotContain("brightness")
        .doesNotContain("gaussian-mixture");
  }

  @Test
  void aPipelineRecordsThatItsVerifierCameFromThePluginJar(@TempDir Path tmp) {
    Path plugins = TestPluginJars.copyReal(tmp.resolve("plugins"), "example-verifier.jar", "gaussian-mixture.jar");
    ObjectNode config = Fixtures.smallQuickstart(tmp, 3, 6);
    config.putObject("verifier").put("name", "brightness");
    Path yaml = Fixtures.writeYaml(tmp, "brightness.yaml", config);
    Path out = tmp.resolve("run");
    Cli.Result r = Cli.run("run", yaml.toString(), "--out", out.toString(), "--plugins-dir", plugins.toString(),
        "--no-progress");
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    ObjectNode run = Fixtures.readJson(out.resolve("run.json"));
    assertThat(run.path("extensions").path("verifier").asText()).startsWith("brightness (example-verifier@");
    assertThat(run.path("extensions").path("model").asText()).startsWith("gaussian-mixture (gaussian-mixture@");
    assertThat(run.path("extensions").path("sampler.search").asText()).isEqualTo("heun (built-in)");
    assertThat(Fixtures.candidates(out)).allSatisfy(l -> assertThat(l.path("scores").has("brightness")).isTrue());
  }

  @Test
  void theRuntimeLoadsAPluginExtensionFromItsJarNotFromTheClassPath() {
    try (PluginRuntime runtime = PluginRuntime.start(Fixtures.pluginsDir())) {
      ExtensionRegistry.Entry brightness = runtime.registry().find(ExtensionKind.VERIFIER, "brightness");
      assertThat(brightness).isNotNull();
      assertThat(brightness.origin().pluginId()).isEqualTo("example-verifier");
      assertThat(brightness.origin().builtIn()).isFalse();
      ClassLoader loader = brightness.extension().getClass().getClassLoader();
      assertThat(loader).isNotSameAs(getClass().getClassLoader()).isNotSameAs(ClassLoader.getSystemClassLoader());
      assertThat(brightness.extension().getClass().getProtectionDomain().getCodeSource().getLocation().getPath())
          .endsWith("example-verifier.jar");

      ExtensionRegistry.Entry heun = runtime.registry().find(ExtensionKind.SAMPLER, "heun");
      assertThat(heun.origin().builtIn()).isTrue();
      assertThat(heun.origin()).hasToString("built-in");
      assertThat(runtime.registry().find(ExtensionKind.MODEL, "gaussian-mixture").origin().pluginId())
          .isEqualTo("gaussian-mixture");
      assertThat(runtime.warnings()).isEmpty();
    }
  }

  @Test
  void theSharedApiComesFromTheHostSoPluginExtensionsAreInstancesOfItsInterfaces() {
    try (PluginRuntime runtime = PluginRuntime.start(Fixtures.pluginsDir())) {
      Object brightness = runtime.registry().find(ExtensionKind.VERIFIER, "brightness").extension();
      assertThat(brightness).isInstanceOf(dev.diffsearch.api.spi.VerifierFactory.class);
    }
  }
}
