package dev.diffsearch.app;

import dev.diffsearch.api.cli.CommandSupport;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * The {@code diffsearch} command line. Exit codes: 0 success, 1 failure while running, 2 bad input
 * (one line naming the YAML path, file or plugin; the stack trace only with {@code --verbose}).
 */
@Command(
    name = "diffsearch",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Inference-time search over sampling noise for diffusion models.",
    subcommands = {RunCommand.class, EvalCommand.class, SweepCommand.class, ReportCommand.class, PluginsCommand.class,
        RegenerateCommand.class, BenchCommand.class},
    footer = {"", "The commands after bench come from plugins ('diffsearch plugins' lists them",
        "as kind 'command'); --plugins-dir DIR, before or after a command's name, adds",
        "your own. Run 'diffsearch COMMAND --help' for a command's options."})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--plugins-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = {"your plugins directory (must exist), loaded besides",
          "the bundled plugins of the distribution; default:",
          "$DIFFSEARCH_PLUGINS, else ~/.diffsearch/plugins;",
          "overrides a pipeline's plugins.dir"})
  Path pluginsDir;

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "print stack traces on errors")
  boolean verbose;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    PrintStream err = EngineConsole.install();
    System.exit(execute(args, System.out, err));
  }

  /** Runs the CLI; returns the exit code (tests call this). */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    Environment.init();
    Main main = new Main();
    CommandLine cli = new CommandLine(main);
    Set<String> builtIns = Set.copyOf(cli.getSubcommands().keySet());
    PluginCommands.Early early = PluginCommands.Early.parse(args);
    try (PluginRuntime plugins = PluginCommands.mount(cli, early, err)) {
      CommandSupport.streams(cli, out, err); // after mounting: what is set here reaches the subcommands there are
      cli.setParameterExceptionHandler((e, a) -> CommandSupport.parameterError(e, err));
      cli.setExecutionExceptionHandler(
          (e, commandLine, parseResult) -> {
            if (PluginCommands.isPlugin(commandLine, cli, builtIns) && CommandSupport.isBadInput(e)) {
              return fail(CommandSupport.badInput(e, commandLine, err), e, main.verbose, err);
            }
            if (e instanceof ConfigException) {
              err.println("error: " + e.getMessage());
              return fail(2, e, main.verbose, err);
            }
            err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (!main.verbose) {
              err.println("(run with --verbose for the stack trace)");
            }
            return fail(1, e, main.verbose, err);
          });
      int code = cli.execute(args);
      cli.getOut().flush();
      cli.getErr().flush();
      return code;
    } catch (ConfigException e) {
      err.println("error: " + e.getMessage());
      return fail(2, e, early.verbose, err);
    } catch (RuntimeException e) {
      err.println("error: plugins (" + e.getClass().getSimpleName() + "): " + e.getMessage());
      return fail(1, e, early.verbose, err);
    }
  }

  /** Returns {@code code}, after {@code e}'s stack trace when {@code verbose}. */
  private static int fail(int code, Exception e, boolean verbose, PrintStream err) {
    if (verbose) {
      e.printStackTrace(err);
    }
    return code;
  }

  /** The version, from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"diffsearch " + dev.diffsearch.core.run.Runs.version()};
    }
  }

  static Path path(String p) {
    return Path.of(p);
  }
}
