package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the CLI looks for plugins: the distribution's bundled plugins plus one user directory
 * ({@code --plugins-dir}, else the pipeline's {@code plugins.dir}, else {@code $DIFFSEARCH_PLUGINS}, else
 * {@code ~/.diffsearch/plugins}); a directory that was asked for and is missing is one line, exit 2.
 */
class PluginDirsCliTest {

  @BeforeAll
  static void engine() {
    Fixtures.engine();
  }

  @Test
  void aMissingPluginsDirOptionIsOneLineExit2ForEveryCommand(@TempDir Path tmp) {
    Path missing = tmp.resolve("no/such/dir");
    String expected = "error: --plugins-dir: plugins directory " + missing + " does not exist";
    Path yaml = Fixtures.writeYaml(tmp, "one.yaml", Fixtures.smallQuickstart(tmp, 1, 0));
    String[][] commands = {
        {"plugins", "--plugins-dir", missing.toString()},
        {"run", yaml.toString(), "--out", tmp.resolve("run").toString(), "--plugins-dir", missing.toString(),
            "--no-progress"},
        {"run", Fixtures.repoDir().resolve("examples/random.yaml").toString(), "--out", tmp.resolve("run").toString(),
            "--plugins-dir", missing.toString(), "--no-progress"},
        {"bench", "--plugins-dir", missing.toString(), "--steps", "2", "--candidates", "2", "--rounds", "1"},
        {"gaussian-mixture-fit", "--plugins-dir", missing.toString(), "--out", tmp.resolve("fit").toString()},
    };
    for (String[] command : commands) {
      Cli.Result r = Cli.run(command);
      assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
      assertThat(r.errorLines()).as(r.transcript()).containsExactly(expected);
    }
    assertThat(tmp.resolve("run")).doesNotExist();
    assertThat(tmp.resolve("fit")).doesNotExist();
  }

  @Test
  void aPipelinesPluginsDirThatIsMissingIsOneLineNamingItAndNoRunDirectory(@TempDir Path tmp) {
    ObjectNode root = Fixtures.smallQuickstart(tmp, 1, 0);
    root.putObject("plugins").put("dir", "nowhere");
    Path yaml = Fixtures.writeYaml(tmp, "nowhere.yaml", root);
    Cli.Result r = Cli.run("run", yaml.toString(), "--out", tmp.resolve("run").toString(), "--no-progress");
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).containsExactly(
        "error: plugins.dir: plugins directory " + tmp.toAbsolutePath().resolve("nowhere") + " does not exist");
    assertThat(tmp.resolve("run")).doesNotExist();
  }

  @Test
  void aPipelinesPluginsDirIsRelativeToTheYamlFileAndThePluginsDirOptionOverridesIt(@TempDir Path tmp) {
    TestPluginJars.copyReal(tmp.resolve("pipeline-plugins"), "gaussian-mixture.jar", "example-verifier.jar");
    ObjectNode root = Fixtures.smallQuickstart(tmp, 2, 5);
    root.putObject("plugins").put("dir", "pipeline-plugins");
    root.putObject("verifier").put("name", "brightness");
    Path yaml = Fixtures.writeYaml(tmp, "brightness.yaml", root);

    Cli.Result r = Cli.run("run", yaml.toString(), "--out", tmp.resolve("run").toString(), "--no-progress");
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(Fixtures.readJson(tmp.resolve("run/run.json")).path("extensions").path("verifier").asText())
        .startsWith("brightness (example-verifier@");

    // --plugins-dir wins: a directory without example-verifier, so brightness is unknown
    Path other = TestPluginJars.copyReal(tmp.resolve("other"), "gaussian-mixture.jar");
    Cli.Result overridden = Cli.run("run", yaml.toString(), "--out", tmp.resolve("run2").toString(),
        "--plugins-dir", other.toString(), "--no-progress");
    assertThat(overridden.exitCode()).as(overridden.transcript()).isEqualTo(2);
    assertThat(overridden.errorLines()).singleElement().asString()
        .startsWith("error: verifier.name: unknown verifier 'brightness'");
  }

  @Test
  void theBundledPluginsLoadBesideTheUserDirectoryAndPluginsNamesBoth(@TempDir Path tmp) {
    Path home = tmp.resolve("dist");
    TestPluginJars.copyReal(home.resolve("plugins"), "gaussian-mixture.jar");
    Path user = tmp.resolve("user");
    TestPluginJars.plugin("midpoint-plugin").extension("dup.Midpoint", DuplicateExtensionNameTest.OTHER_SAMPLER)
        .writeTo(user);
    String before = System.getProperty("diffsearch.home");
    System.setProperty("diffsearch.home", home.toString());
    try {
      Cli.Result r = Cli.run("plugins", "--plugins-dir", user.toString());
      assertThat(r.exitCode()).as(r.transcript()).isZero();
      assertThat(r.out())
          .containsPattern("(?m)^model\\s+gaussian-mixture\\s+gaussian-mixture@")
          .containsPattern("(?m)^sampler\\s+midpoint\\s+midpoint-plugin@1\\.0\\.0")
          .contains("bundled plugins: " + home.resolve("plugins").toAbsolutePath())
          .contains("user plugins: " + user.toAbsolutePath() + " (--plugins-dir)");
      assertThat(r.errorLines()).isEmpty();
      assertThat(r.err()).isBlank();
    } finally {
      if (before == null) {
        System.clearProperty("diffsearch.home");
      } else {
        System.setProperty("diffsearch.home", before);
      }
    }
  }

  @Test
  void withoutAnOptionTheUserDirectoryIsDiffsearchPlugins() {
    // surefire sets DIFFSEARCH_PLUGINS to the distribution's plugins, so tests never read ~/.diffsearch
    Cli.Result r = Cli.run("plugins");
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out())
        .containsPattern("(?m)^model\\s+gaussian-mixture\\s+gaussian-mixture@")
        .contains("user plugins: " + Fixtures.pluginsDir().toAbsolutePath() + " (DIFFSEARCH_PLUGINS)");
    assertThat(Files.isDirectory(Fixtures.pluginsDir())).isTrue();
  }
}
