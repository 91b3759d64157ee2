package dev.diffsearch.app;

import dev.diffsearch.api.cli.CommandSupport;
import dev.diffsearch.api.spi.PluginCommand;
import dev.diffsearch.core.plugin.ExtensionKind;
import dev.diffsearch.core.plugin.ExtensionRegistry;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * The commands plugins contribute, mounted as subcommands of {@code diffsearch} before its command line is
 * parsed, so that {@code diffsearch --help} lists them and picocli parses them like the built-in ones.
 */
final class PluginCommands {

  private PluginCommands() {}

  /**
   * Unless the command line {@code early} read names a built-in command, starts the plugins of the
   * directories that {@code --plugins-dir} (anywhere on the line), {@code $DIFFSEARCH_PLUGINS} or
   * {@code ~/.diffsearch/plugins} select and adds their commands to {@code cli}; returns the runtime to close
   * after the command ran, or null.
   */
  static PluginRuntime mount(CommandLine cli, Early early, PrintStream err) {
    if (!early.rest.isEmpty() && cli.getSubcommands().containsKey(early.rest.get(0))) {
      return null;
    }
    Environment.engine();
    PluginRuntime runtime = PluginRuntime.start(Environment.pluginDirs(early.pluginsDir));
    for (ExtensionRegistry.Entry e : runtime.registry().entries()) {
      if (e.kind() == ExtensionKind.COMMAND) {
        try {
          cli.addSubcommand(CommandSupport.mount((PluginCommand) e.extension()));
        } catch (CommandLine.InitializationException x) {
          err.println("warning: command " + e.name() + " (" + e.origin() + ") left out: " + x.getMessage());
        }
      }
    }
    return runtime;
  }

  /** Whether {@code c} runs in a command that is not one of {@code builtIns}, the subcommands {@code root} declares. */
  static boolean isPlugin(CommandLine c, CommandLine root, java.util.Set<String> builtIns) {
    CommandLine top = c;
    while (top.getParent() != null && top.getParent() != root) {
      top = top.getParent();
    }
    return top != root && !builtIns.contains(top.getCommandName());
  }

  /** What is read off the command line before it is parsed: where the plugins are, whether to be verbose. */
  @Command(name = "diffsearch")
  static final class Early {

    @Option(names = "--plugins-dir")
    Path pluginsDir;

    @Option(names = "--verbose")
    boolean verbose;

    @Unmatched
    List<String> rest = new ArrayList<>();

    /** {@code args}' plugins directory; a bad one is left to the full parse to report. */
    static Early parse(String[] args) {
      Early early = new Early();
      try {
        new CommandLine(early).parseArgs(args);
      } catch (CommandLine.ParameterException e) {
        early.pluginsDir = null;
      }
      return early;
    }
  }
}
