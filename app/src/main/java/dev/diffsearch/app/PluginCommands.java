package dev.diffsearch.app;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.PluginCommand;
import dev.diffsearch.core.plugin.ExtensionKind;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** Runs a command that a plugin contributes ({@code diffsearch NAME ARGS...}). */
final class PluginCommands {

  private PluginCommands() {}

  static int run(String[] args, PrintStream out, PrintStream err, boolean verbose) {
    Environment.engine();
    Path pluginsDir = null;
    List<String> rest = new java.util.ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--plugins-dir") && i + 1 < args.length) {
        pluginsDir = Path.of(args[++i]);
      } else if (args[i].startsWith("--plugins-dir=")) {
        pluginsDir = Path.of(args[i].substring("--plugins-dir=".length()));
      } else if (!args[i].equals("--verbose")) {
        rest.add(args[i]);
      }
    }
    try (PluginRuntime runtime = PluginRuntime.start(Environment.pluginDirs(pluginsDir))) {
      var entry = runtime.registry().find(ExtensionKind.COMMAND, args[0]);
      if (entry == null) {
        List<String> known = runtime.registry().names(ExtensionKind.COMMAND);
        err.println("error: unknown command '" + args[0] + "' (commands: run, plugins, regenerate, bench"
            + (known.isEmpty() ? "" : ", " + String.join(", ", known)) + "; see --help)");
        return 2;
      }
      return ((PluginCommand) entry.extension()).run(rest, out, err);
    } catch (ConfigException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("error: " + args[0] + " (" + e.getClass().getSimpleName() + "): " + e.getMessage());
      if (verbose) {
        e.printStackTrace(err);
      }
      return 1;
    }
  }
}
