package dev.diffsearch.app;

import dev.diffsearch.core.config.ConfigException;
import dev.diffsearch.core.plugin.ExtensionKind;
import dev.diffsearch.core.plugin.PluginRuntime;
import dev.diffsearch.core.spi.PluginCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Runs a command that a plugin contributes ({@code diffsearch NAME ARGS...}). */
final class PluginCommands {

  private PluginCommands() {}

  static int run(String[] args, Path pluginsDir, PrintStream out, PrintStream err, boolean verbose) {
    Environment.engine();
    try (PluginRuntime runtime = PluginRuntime.start(pluginsDir)) {
      var entry = runtime.registry().find(ExtensionKind.COMMAND, args[0]);
      if (entry == null) {
        List<String> known = runtime.registry().names(ExtensionKind.COMMAND);
        err.println("error: unknown command '" + args[0] + "' (commands: run, plugins, regenerate, bench"
            + (known.isEmpty() ? "" : ", " + String.join(", ", known)) + "; see --help)");
        return 2;
      }
      List<String> rest = Arrays.asList(args).subList(1, args.length).stream().filter(a -> !a.equals("--verbose")).toList();
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
