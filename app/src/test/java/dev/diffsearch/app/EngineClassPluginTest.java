package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.api.cli.CommandSupport;
import dev.diffsearch.api.spi.PluginCommand;
import dev.diffsearch.core.plugin.ExtensionKind;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin compiles against the plugin API (diffsearch-api) alone: a jar whose classes refer to an engine
 * class is skipped with one warning naming the plugin and the class, and the engine is not shared with a
 * plugin's class loader even when asked for by name; the bundled plugins use none.
 */
class EngineClassPluginTest {

  /** A sampler that binds its config with the engine's ConfigBinder: an engine class in its constant pool. */
  static final String ENGINE_USER = TestPluginJars.extension("engine.EngineUser", "implements SamplerFactory<NoConfig>",
      "NoConfig", "engine-user", """
            @Override
            public Sampler create(NoConfig config) {
              dev.diffsearch.core.config.ConfigBinder.bind(null, NoConfig.class, "sampler");
              throw new UnsupportedOperationException("a test plugin");
            }
          """);

  /** A command that asks its class loader for an engine class by name (no reference a scan of the jar finds). */
  static final String PROBE = """
      package engine;

      import dev.diffsearch.api.spi.PluginCommand;
      import java.util.concurrent.Callable;
      import picocli.CommandLine.Command;
      import picocli.CommandLine.Model.CommandSpec;
      import picocli.CommandLine.Parameters;
      import picocli.CommandLine.Spec;

      @org.pf4j.Extension
      @Command(name = "probe", description = "Loads the class named by its argument.")
      public class Probe implements PluginCommand, Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "CLASS", description = "the class to load")
        String className;

        @Override
        public Integer call() {
          try {
            Class.forName(className, false, Probe.class.getClassLoader());
            spec.commandLine().getOut().print("loaded");
            return 0;
          } catch (ClassNotFoundException e) {
            spec.commandLine().getOut().print(e.getMessage());
            return 1;
          }
        }
      }
      """;

  @BeforeAll
  static void engine() {
    Fixtures.engine();
  }

  @Test
  void aPluginThatUsesAnEngineClassIsSkippedWithOneLineNamingThePluginAndTheClass(@TempDir Path tmp) {
    Path plugins = TestPluginJars.copyReal(tmp.resolve("plugins"), "gaussian-mixture.jar");
    Path jar = TestPluginJars.plugin("engine-user").extension("engine.EngineUser", ENGINE_USER).writeTo(plugins);
    try (PluginRuntime runtime = PluginRuntime.start(plugins)) {
      assertThat(runtime.warnings()).singleElement().asString()
          .isEqualTo("plugin engine-user (" + jar + ") skipped: uses engine class "
              + "dev.diffsearch.core.config.ConfigBinder, which plugins may not use (compile against diffsearch-api)");
      assertThat(runtime.registry().find(ExtensionKind.SAMPLER, "engine-user")).isNull();
      assertThat(runtime.plugins()).extracting(o -> o.pluginId()).containsExactly("gaussian-mixture");
    }
  }

  @Test
  void aPluginsClassLoaderSharesTheApiButNotTheEngine(@TempDir Path tmp) throws Exception {
    Path plugins = tmp.resolve("plugins");
    TestPluginJars.plugin("probe-plugin").extension("engine.Probe", PROBE).writeTo(plugins);
    try (PluginRuntime runtime = PluginRuntime.start(plugins)) {
      assertThat(runtime.warnings()).isEmpty();
      PluginCommand probe = (PluginCommand) runtime.registry().find(ExtensionKind.COMMAND, "probe").extension();

      assertThat(run(probe, "dev.diffsearch.api.io.Png")).isEqualTo("loaded");
      assertThat(run(probe, "dev.diffsearch.core.plugin.PluginRuntime"))
          .isEqualTo("dev.diffsearch.core.plugin.PluginRuntime is an engine class, which plugins may not use"
              + " (compile against diffsearch-api)");
    }
  }

  @Test
  void theBundledPluginsUseNoEngineClass(@TempDir Path tmp) {
    Path plugins = TestPluginJars.copyReal(tmp.resolve("plugins"), "example-verifier.jar", "fashion-mnist.jar",
        "gaussian-mixture.jar", "gemini-judge.jar", "torchscript.jar");
    try (PluginRuntime runtime = PluginRuntime.start(plugins)) {
      assertThat(runtime.warnings()).isEmpty();
      assertThat(runtime.plugins()).hasSize(5);
    }
  }

  private static String run(PluginCommand command, String className) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      CommandSupport.execute(command, List.of(className), ps, ps);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
