package dev.diffsearch.plugins.fmnist.cli;

import dev.diffsearch.api.spi.PluginCommand;
import dev.diffsearch.core.plugin.ExtensionKind;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.nio.file.Path;

/**
 * The plugin's commands as the app gets them: made by Guice in a plugin runtime, which finds them (and the
 * built-in samplers, a test dependency) on the class path as it finds built-ins.
 */
final class Commands {

  private static final PluginRuntime RUNTIME = PluginRuntime.start((Path) null);

  private Commands() {}

  /** {@code diffsearch fashion-mnist}. */
  static PluginCommand fashionMnist() {
    return named("fashion-mnist");
  }

  /** {@code diffsearch eval}. */
  static PluginCommand eval() {
    return named("eval");
  }

  private static PluginCommand named(String name) {
    return RUNTIME.registry().get(ExtensionKind.COMMAND, PluginCommand.class, name, "command");
  }
}
