package dev.diffsearch.plugins.fmnist.cli;

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

/**
 * The plugin's commands as the app gets them, made by Guice in a plugin runtime, which finds them (and the
 * built-in samplers, a test dependency) on the class path as it finds built-ins; run as the app runs them.
 */
final class Commands {

  private static final PluginRuntime RUNTIME = PluginRuntime.start((Path) null);

  private Commands() {}

  /** The exit code and what a command printed. */
  record Outcome(int code, String out, String err) {}

  /** {@code diffsearch fashion-mnist ARGS...}. */
  static Outcome fashionMnist(String... args) throws Exception {
    return run("fashion-mnist", List.of(args));
  }

  /** {@code diffsearch fashion-mnist eval ARGS...}. */
  static Outcome eval(String... args) throws Exception {
    List<String> all = new java.util.ArrayList<>(List.of("eval"));
    all.addAll(List.of(args));
    return run("fashion-mnist", all);
  }

  /** The extension {@code name} of {@code kind}, as the plugin runtime made it. */
  static <T extends dev.diffsearch.api.spi.NamedExtension> T extension(ExtensionKind kind, Class<T> type, String name) {
    return RUNTIME.registry().get(kind, type, name, kind.label());
  }

  /** {@code diffsearch NAME ARGS...}, which must exit 0. */
  static Outcome ok(String name, String... args) throws Exception {
    Outcome o = run(name, List.of(args));
    assertThat(o.code()).as(o.err()).isZero();
    return o;
  }

  /** {@code diffsearch NAME ARGS...}. */
  static Outcome run(String name, List<String> args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = CommandSupport.execute(named(name), args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The command {@code name}, as the plugin runtime made it. */
  static PluginCommand named(String name) {
    return RUNTIME.registry().get(ExtensionKind.COMMAND, PluginCommand.class, name, "command");
  }
}
