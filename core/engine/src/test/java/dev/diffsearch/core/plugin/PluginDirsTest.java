package dev.diffsearch.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.diffsearch.api.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user plugins directory is the first of --plugins-dir, the pipeline's plugins.dir,
 * $DIFFSEARCH_PLUGINS and ~/.diffsearch/plugins; one that was asked for must exist; the bundled plugins
 * are always scanned first.
 */
class PluginDirsTest {

  @TempDir Path tmp;

  private static Function<String, String> env(Map<String, String> vars) {
    return vars::get;
  }

  @Test
  void theOptionWinsOverTheEnvironmentWhichWinsOverTheHomeDirectory() {
    Path bundled = tmp.resolve("dist/plugins");
    Path home = tmp.resolve("home");
    Map<String, String> vars = Map.of(PluginDirs.ENV, tmp.resolve("from-env").toString());

    assertThat(PluginDirs.of(bundled, tmp.resolve("opt"), env(vars), home))
        .isEqualTo(new PluginDirs(bundled, tmp.resolve("opt"), PluginDirs.Source.OPTION));
    assertThat(PluginDirs.of(bundled, null, env(vars), home))
        .isEqualTo(new PluginDirs(bundled, tmp.resolve("from-env"), PluginDirs.Source.ENVIRONMENT));
    assertThat(PluginDirs.of(bundled, null, env(Map.of(PluginDirs.ENV, " ")), home))
        .isEqualTo(new PluginDirs(bundled, home.resolve(".diffsearch/plugins"), PluginDirs.Source.DEFAULT));
    assertThat(PluginDirs.of(null, null, env(Map.of()), home).user()).isEqualTo(home.resolve(".diffsearch/plugins"));
  }

  @Test
  void aPipelineDirectoryReplacesTheEnvironmentAndTheDefaultButNotTheOption() {
    Path pipeline = tmp.resolve("pipeline-plugins");
    Path home = tmp.resolve("home");
    PluginDirs option = PluginDirs.of(null, tmp.resolve("opt"), env(Map.of()), home);
    PluginDirs fromEnv = PluginDirs.of(null, null, env(Map.of(PluginDirs.ENV, "/e")), home);
    PluginDirs dflt = PluginDirs.of(null, null, env(Map.of()), home);

    assertThat(option.withPipelineDir(pipeline)).isEqualTo(option);
    assertThat(fromEnv.withPipelineDir(pipeline).user()).isEqualTo(pipeline);
    assertThat(fromEnv.withPipelineDir(pipeline).source()).isEqualTo(PluginDirs.Source.PIPELINE);
    assertThat(dflt.withPipelineDir(pipeline).user()).isEqualTo(pipeline);
    assertThat(dflt.withPipelineDir(null)).isEqualTo(dflt);
  }

  @Test
  void aDirectoryThatWasAskedForMustExistNamingWhereItCameFrom() throws IOException {
    Path missing = tmp.resolve("no/such/dir");
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    Path home = tmp.resolve("home");

    assertThatThrownBy(() -> PluginDirs.of(null, missing, env(Map.of()), home).scanned())
        .isInstanceOf(ConfigException.class)
        .hasMessage("--plugins-dir: plugins directory " + missing + " does not exist");
    assertThatThrownBy(() -> PluginDirs.of(null, null, env(Map.of(PluginDirs.ENV, missing.toString())), home).scanned())
        .isInstanceOf(ConfigException.class)
        .hasMessage("DIFFSEARCH_PLUGINS: plugins directory " + missing + " does not exist");
    assertThatThrownBy(() -> PluginDirs.of(null, null, env(Map.of()), home).withPipelineDir(missing).scanned())
        .isInstanceOf(ConfigException.class)
        .hasMessage("plugins.dir: plugins directory " + missing + " does not exist");
    assertThatThrownBy(() -> PluginDirs.of(null, file, env(Map.of()), home).scanned())
        .isInstanceOf(ConfigException.class)
        .hasMessage("--plugins-dir: plugins directory " + file + " is not a directory");
  }

  @Test
  void theDefaultAndTheBundledDirectoryMayBeAbsent() {
    PluginDirs dirs = PluginDirs.of(tmp.resolve("no-dist/plugins"), null, env(Map.of()), tmp.resolve("home"));
    assertThat(dirs.scanned()).isEmpty();
    assertThat(dirs.describeUser()).endsWith(".diffsearch/plugins (default; does not exist)");
    assertThat(PluginDirs.only(null).scanned()).isEmpty();
    assertThat(PluginDirs.only(tmp.resolve("absent")).scanned()).isEmpty();
  }

  @Test
  void theBundledDirectoryComesFirstAndADirectoryGivenTwiceIsScannedOnce() throws IOException {
    Path bundled = Files.createDirectories(tmp.resolve("dist/plugins"));
    Path user = Files.createDirectories(tmp.resolve("home/.diffsearch/plugins"));
    assertThat(PluginDirs.of(bundled, null, env(Map.of()), tmp.resolve("home")).scanned())
        .containsExactly(bundled, user);
    assertThat(PluginDirs.of(bundled, tmp.resolve("dist/../dist/plugins"), env(Map.of()), tmp).scanned())
        .containsExactly(bundled);
  }
}
