package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.core.plugin.ExtensionKind;
import dev.diffsearch.core.plugin.ExtensionRegistry;
import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin contributes exactly the extensions listed in its own jar's {@code META-INF/extensions.idx}: a
 * jar without one is skipped with one warning (its class loader would otherwise find the host's index and
 * every built-in twice), an entry that names no extension of the jar is skipped with one warning, and a
 * Plugin-Id two jars share is one warning naming both; the other plugins always load.
 */
class PluginIndexTest {

  /** A sampler named {@code name}, class {@code idx.CLASS}; its constructor runs {@code body}. */
  static String sampler(String className, String name, String constructorBody, String extendsClause) {
    return TestPluginJars.sampler("idx." + className, name, constructorBody, extendsClause);
  }

  @BeforeAll
  static void engine() {
    Fixtures.engine();
  }

  @Test
  void aManifestOnlyJarIsOneWarningAndTheBuiltInsAndOtherPluginsLoadOnce(@TempDir Path tmp) {
    Path plugins = TestPluginJars.copyReal(tmp.resolve("plugins"), "example-verifier.jar", "gaussian-mixture.jar");
    Path empty = TestPluginJars.manifestOnly(plugins.resolve("empty-plugin.jar"), "empty-plugin");
    try (PluginRuntime runtime = PluginRuntime.start(plugins)) {
      assertThat(runtime.warnings()).singleElement().asString()
          .isEqualTo("plugin empty-plugin (" + empty + "): no META-INF/extensions.idx — was it compiled with "
              + "annotation processing? skipped");
      assertThat(runtime.plugins()).extracting(o -> o.pluginId())
          .containsExactlyInAnyOrder("example-verifier", "gaussian-mixture");
      assertThat(runtime.registry().find(ExtensionKind.ALGORITHM, "zero-order").origin().builtIn()).isTrue();
      assertThat(runtime.registry().find(ExtensionKind.VERIFIER, "brightness").origin().pluginId())
          .isEqualTo("example-verifier");
      assertThat(runtime.registry().find(ExtensionKind.MODEL, "gaussian-mixture")).isNotNull();
    }
  }

  @Test
  void aPluginCompiledWithoutAnnotationProcessingIsSkippedWithOneWarning(@TempDir Path tmp) {
    Path plugins = TestPluginJars.copyReal(tmp.resolve("plugins"), "gaussian-mixture.jar");
    Path jar = TestPluginJars.plugin("no-index").withoutIndex()
        .extension("idx.Midpoint", sampler("Midpoint", "midpoint", "", ""))
        .writeTo(plugins);
    try (PluginRuntime runtime = PluginRuntime.start(plugins)) {
      assertThat(runtime.warnings()).singleElement().asString()
          .startsWith("plugin no-index (" + jar + "): no META-INF/extensions.idx")
          .doesNotContain("\n");
      assertThat(runtime.registry().find(ExtensionKind.SAMPLER, "midpoint")).isNull();
      assertThat(runtime.registry().find(ExtensionKind.SAMPLER, "heun").origin().builtIn()).isTrue();
      assertThat(runtime.plugins()).extracting(o -> o.pluginId()).containsExactly("gaussian-mixture");
    }
  }

  @Test
  void theCliListsEverythingAndWarnsOnceAboutAJarWithoutIndex(@TempDir Path tmp) {
    Path plugins = TestPluginJars.copyReal(tmp.resolve("plugins"), "gaussian-mixture.jar");
    TestPluginJars.manifestOnly(plugins.resolve("empty-plugin.jar"), "empty-plugin");
    Cli.Result r = Cli.run("plugins", "--plugins-dir", plugins.toString());
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out())
        .containsPattern("(?m)^algorithm\\s+zero-order\\s+built-in\\b")
        .containsPattern("(?m)^model\\s+gaussian-mixture\\s+gaussian-mixture@");
    assertThat(r.err().lines().filter(l -> !l.isBlank()))
        .singleElement().asString()
        .contains("empty-plugin.jar").contains("no META-INF/extensions.idx");
    Path yaml = Fixtures.writeYaml(tmp, "one.yaml", Fixtures.smallQuickstart(tmp, 4, 3));
    Cli.Result run = Cli.run("run", yaml.toString(), "--out", tmp.resolve("run").toString(),
        "--plugins-dir", plugins.toString(), "--no-progress");
    assertThat(run.exitCode()).as(run.transcript()).isZero();
  }

  @Test
  void eachIndexEntryThatNamesNoExtensionOfTheJarIsOneWarningAndTheGoodOneLoads(@TempDir Path tmp) {
    Path plugins = tmp.resolve("plugins");
    Path jar = TestPluginJars.plugin("bad-index").version("1.2.0")
        .extension("idx.Good", sampler("Good", "good", "", ""))
        .indexEntry("idx.Nope")
        .extension("idx.Helper", "package idx;\npublic class Helper {}\n")
        .source("idx.Base", "package idx;\npublic abstract class Base {}\n")
        .omitFromJar("idx.Base")
        .extension("idx.NeedsBase", sampler("NeedsBase", "needs-base", "", "extends Base"))
        .extension("idx.Throws", sampler("Throws", "throws", "throw new IllegalStateException(\"no licence\");", ""))
        .indexEntry("dev.diffsearch.samplers.HeunFactory")
        .writeTo(plugins);
    try (PluginRuntime runtime = PluginRuntime.start(plugins)) {
      ExtensionRegistry.Entry good = runtime.registry().find(ExtensionKind.SAMPLER, "good");
      assertThat(good).as("warnings: %s", runtime.warnings()).isNotNull();
      assertThat(good.origin()).hasToString("bad-index@1.2.0");
      assertThat(runtime.registry().find(ExtensionKind.SAMPLER, "heun").origin().builtIn()).isTrue();
      assertThat(runtime.registry().find(ExtensionKind.SAMPLER, "throws")).isNull();
      assertThat(runtime.registry().find(ExtensionKind.SAMPLER, "needs-base")).isNull();

      String prefix = "plugin bad-index (" + jar + "): META-INF/extensions.idx names ";
      assertThat(runtime.warnings()).containsExactly(
          prefix + "idx.Nope, which is not in the jar; entry skipped",
          prefix + "idx.Helper, which is no extension (not a model backend, sampler, verifier, search algorithm "
              + "or command factory); entry skipped",
          prefix + "idx.NeedsBase, which cannot be loaded (NoClassDefFoundError: idx/Base); entry skipped",
          prefix + "idx.Throws, which cannot be created (IllegalStateException: no licence); entry skipped",
          prefix + "dev.diffsearch.samplers.HeunFactory, which is not in the jar (the host has it); entry skipped");
    }
  }

  @Test
  void twoJarsWithOnePluginIdAreOneWarningNamingBothAndTheFirstLoads(@TempDir Path tmp) {
    Path plugins = TestPluginJars.copyReal(tmp.resolve("plugins"), "gaussian-mixture.jar");
    Path first = TestPluginJars.plugin("twin").version("1.0.0").fileName("twin-1.0.0.jar")
        .extension("idx.Midpoint", sampler("Midpoint", "midpoint", "", "")).writeTo(plugins);
    Path second = TestPluginJars.plugin("twin").version("2.0.0").fileName("twin-2.0.0.jar")
        .extension("idx.Midpoint", sampler("Midpoint", "midpoint", "", "")).writeTo(plugins);
    try (PluginRuntime runtime = PluginRuntime.start(plugins)) {
      assertThat(runtime.warnings()).singleElement().asString()
          .isEqualTo("plugin id 'twin' is in two jars, " + first + " and " + second
              + ": loaded the first, skipped twin-2.0.0.jar");
      assertThat(runtime.registry().find(ExtensionKind.SAMPLER, "midpoint").origin()).hasToString("twin@1.0.0");
      assertThat(runtime.plugins()).extracting(o -> o.pluginId()).containsExactlyInAnyOrder("gaussian-mixture", "twin");
    }
    Cli.Result r = Cli.run("plugins", "--plugins-dir", plugins.toString());
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.err().lines().filter(l -> !l.isBlank())).singleElement().asString()
        .contains("'twin'").contains("twin-1.0.0.jar").contains("twin-2.0.0.jar");
  }

  @Test
  void aUserJarReplacesTheBundledJarWithTheSamePluginIdWithOneWarning(@TempDir Path tmp) {
    Path bundled = TestPluginJars.copyReal(tmp.resolve("dist/plugins"), "example-verifier.jar", "gaussian-mixture.jar");
    Path user = tmp.resolve("user");
    Path mine = TestPluginJars.plugin("example-verifier").version("9.0.0")
        .extension("idx.Midpoint", sampler("Midpoint", "midpoint", "", "")).writeTo(user);
    try (PluginRuntime runtime = PluginRuntime.start(new PluginDirs(bundled, user, PluginDirs.Source.OPTION))) {
      assertThat(runtime.warnings()).singleElement().asString()
          .startsWith("plugin example-verifier: " + mine + " (9.0.0) replaces the bundled "
              + bundled.resolve("example-verifier.jar") + " (")
          .doesNotContain("\n");
      assertThat(runtime.registry().find(ExtensionKind.SAMPLER, "midpoint").origin()).hasToString("example-verifier@9.0.0");
      assertThat(runtime.registry().find(ExtensionKind.VERIFIER, "brightness")).isNull();
      assertThat(runtime.registry().find(ExtensionKind.MODEL, "gaussian-mixture").origin().pluginId())
          .isEqualTo("gaussian-mixture");
    }
  }
}
