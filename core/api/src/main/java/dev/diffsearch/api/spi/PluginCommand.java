package dev.diffsearch.api.spi;

import picocli.CommandLine.Command;

/**
 * A command a plugin adds to the CLI ({@code diffsearch NAME ...}), e.g. a model plugin's {@code train}: a
 * picocli {@code @Command} object, with subcommands of its own if it has them, that the app mounts as a
 * subcommand of {@code diffsearch}. The app parses its options, prints its {@code --help} and its errors in the
 * style of every command and takes {@code --plugins-dir} and {@code --verbose} (before or after NAME); the
 * command prints to {@code spec.commandLine().getOut()} and {@code getErr()} (as {@code PrintStream}s:
 * {@code CommandSupport.out(spec)} and {@code err(spec)}). A parameter error, or an {@code IOException} or
 * {@code ConfigException} thrown while it runs, is bad input: one {@code error: NAME: ...} line and exit code 2.
 * {@code diffsearch plugins} lists it (kind {@code command}).
 *
 * <p>The short form is a class that is both the extension and the command:
 * {@code @Extension @Command(name = "fit", description = "Fits ...") public class Fit implements
 * PluginCommand, Callable<Integer>}; each command line gets a new one (see {@link #command()}).
 */
public interface PluginCommand extends NamedExtension {

  /**
   * A fresh {@code @Command} object for one command line (picocli sets its fields as it parses); the
   * extension itself, made once per plugin runtime, is only its template. By default a new instance of the
   * extension's own class, from its public no-argument constructor; a command whose constructor takes
   * injected services returns {@code new MyCommand(services)}.
   */
  default Object command() {
    try {
      return getClass().getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("plugin command " + getClass().getName() + " has no public no-argument"
          + " constructor to make a command line's instance with; override command()", e);
    }
  }

  /** The {@code @Command}'s name. */
  @Override
  default String name() {
    return annotation(this).name();
  }

  /** The first line of the {@code @Command}'s header, else of its description: what {@code diffsearch --help} shows. */
  @Override
  default String description() {
    Command c = annotation(this);
    String[] lines = c.header().length > 0 ? c.header() : c.description();
    return lines.length == 0 ? "" : lines[0];
  }

  private static Command annotation(PluginCommand extension) {
    Object command = extension.command();
    Command c = command.getClass().getAnnotation(Command.class);
    if (c == null || c.name().equals("<main class>")) {
      throw new IllegalStateException("plugin command " + extension.getClass().getName() + ": " + command.getClass().getName()
          + " has no @Command(name = ...)");
    }
    return c;
  }
}
