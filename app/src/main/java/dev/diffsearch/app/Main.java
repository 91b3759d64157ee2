package dev.diffsearch.app;

import dev.diffsearch.api.config.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Command;
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
    subcommands = {RunCommand.class, PluginsCommand.class, RegenerateCommand.class, BenchCommand.class},
    footer = {"", "Plugins add commands of their own (kind 'command' in 'diffsearch plugins'), run as",
        "'diffsearch NAME [--plugins-dir DIR] ARGS...'. Run 'diffsearch COMMAND --help' for a command's options."})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof ConfigException) {
            err.println("error: " + e.getMessage());
            if (verbose) {
              e.printStackTrace(err);
            }
            return 2;
          }
          err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          if (verbose) {
            e.printStackTrace(err);
          } else {
            err.println("(run with --verbose for the stack trace)");
          }
          return 1;
        });
    cli.setParameterExceptionHandler(
        (e, a) -> {
          err.println("error: " + e.getMessage());
          err.println("(see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
          return 2;
        });
    if (args.length > 0 && !args[0].startsWith("-") && !cli.getSubcommands().containsKey(args[0])) {
      return PluginCommands.run(args, out, err, verbose);
    }
    return cli.execute(args);
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
