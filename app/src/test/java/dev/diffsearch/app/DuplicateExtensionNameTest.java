package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.core.plugin.ExtensionKind;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two extensions of one kind may not share a name: the runtime refuses to start and names both. */
class DuplicateExtensionNameTest {

  static final String DUP_HEUN = TestPluginJars.sampler("dup.DupHeun", "heun", "", "");

  static final String OTHER_SAMPLER = TestPluginJars.sampler("dup.Midpoint", "midpoint", "", "");

  @BeforeAll
  static void engine() {
    Fixtures.engine();
  }

  /** {@code tmp/plugins} holding dup-plugin 1.0.0, whose sampler is named heun like the built-in. */
  private static Path dupPlugin(Path tmp) {
    Path plugins = tmp.resolve("plugins");
    TestPluginJars.plugin("dup-plugin").version("1.0.0").requires(">=0.3.0")
        .extension("dup.DupHeun", DUP_HEUN)
        .writeTo(plugins);
    return plugins;
  }

  @Test
  void aPluginExtensionNamedLikeABuiltInStopsTheRuntimeNamingBothOrigins(@TempDir Path tmp) {
    Path plugins = dupPlugin(tmp);
    assertThatThrownBy(() -> PluginRuntime.start(plugins).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("heun")
        .hasMessageContaining("built-in")
        .hasMessageContaining("dup-plugin@1.0.0");
  }

  @Test
  void aRuntimeThatFailsToStartReleasesThePluginJarsItOpened(@TempDir Path tmp) throws IOException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd (Linux)");
    Path plugins = dupPlugin(tmp);
    assertThatThrownBy(() -> PluginRuntime.start(plugins).close()).isInstanceOf(ConfigException.class);
    assertThat(openFiles(tmp)).as("open files under %s", tmp).isEmpty();
  }

  /** The files under {@code dir} this process holds open (Linux). */
  private static List<Path> openFiles(Path dir) throws IOException {
    Path real = dir.toRealPath();
    List<Path> open = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          Path target = Files.readSymbolicLink(fd);
          if (target.startsWith(real)) {
            open.add(target);
          }
        } catch (IOException | UnsupportedOperationException e) {
          // closed meanwhile
        }
      }
    }
    return open;
  }

  @Test
  void theCliReportsTheDuplicateAsBadInput(@TempDir Path tmp) {
    Path plugins = dupPlugin(tmp);
    Cli.Result r = Cli.run("plugins", "--plugins-dir", plugins.toString());
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).singleElement().asString()
        .startsWith("error: ").contains("built-in").contains("dup-plugin@1.0.0");
  }

  @Test
  void aTestPluginWithAFreshNameLoadsFromItsJar(@TempDir Path tmp) {
    Path plugins = tmp.resolve("plugins");
    TestPluginJars.plugin("midpoint-plugin").version("2.3.4")
        .extension("dup.Midpoint", OTHER_SAMPLER)
        .writeTo(plugins);
    try (PluginRuntime runtime = PluginRuntime.start(plugins)) {
      var entry = runtime.registry().find(ExtensionKind.SAMPLER, "midpoint");
      assertThat(entry).as("warnings: %s", runtime.warnings()).isNotNull();
      assertThat(entry.origin()).hasToString("midpoint-plugin@2.3.4");
      assertThat(entry.extension().getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
      assertThat(runtime.registry().find(ExtensionKind.SAMPLER, "heun").origin().builtIn()).isTrue();
    }
  }
}
