package dev.diffsearch.api.cli;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.PluginCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * What the app's commands and plugin commands ({@link PluginCommand}) share on picocli, which the host loads
 * once for every plugin: the project's error conventions, the streams a command prints to and range-checked
 * option converters ({@code @Option(converter = CommandSupport.Positive.class)}). A parameter error is one
 * {@code error: COMMAND: ...} line and a {@code (see 'diffsearch COMMAND --help')} line on stderr, exit code 2;
 * an unknown command or subcommand names the known ones. A plugin command that throws an {@code IOException}
 * or a {@code ConfigException} (a missing or unreadable file, an invalid value) gets one
 * {@code error: COMMAND: ...} line and exit code 2 too; anything else is the app's (exit code 1, the stack
 * trace with --verbose).
 */
public final class CommandSupport {

  private CommandSupport() {}

  /**
   * Runs the plugin command {@code command} as {@code diffsearch NAME args...} the way the app does, on
   * {@code out} and {@code err}; returns the exit code and throws what is not bad input. For a plugin's tests.
   */
  public static int execute(PluginCommand command, List<String> args, PrintStream out, PrintStream err) throws Exception {
    CommandLine cli = new CommandLine(new Host());
    cli.addSubcommand(mount(command));
    streams(cli, out, err);
    cli.setParameterExceptionHandler((e, a) -> parameterError(e, err));
    Exception[] unexpected = new Exception[1];
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (isBadInput(e)) {
        return badInput(e, commandLine, err);
      }
      unexpected[0] = e;
      return 1;
    });
    List<String> line = new ArrayList<>();
    line.add(command.name());
    line.addAll(args);
    int code = cli.execute(line.toArray(String[]::new));
    cli.getOut().flush();
    cli.getErr().flush();
    if (unexpected[0] != null) {
      throw unexpected[0];
    }
    return code;
  }

  /** The command line of {@code command}, a fresh {@code @Command} object, to add to {@code diffsearch}'s. */
  public static CommandLine mount(PluginCommand command) {
    return new CommandLine(command.command());
  }

  /** Makes {@code out} and {@code err} the streams of {@code cli} and its subcommands (see {@link #out}). */
  public static void streams(CommandLine cli, PrintStream out, PrintStream err) {
    cli.setOut(new StreamWriter(out));
    cli.setErr(new StreamWriter(err));
  }

  /** Standard output of the command line {@code spec} runs in, as a {@code PrintStream}. */
  public static PrintStream out(CommandSpec spec) {
    return stream(spec.commandLine().getOut());
  }

  /** Standard error of the command line {@code spec} runs in, as a {@code PrintStream}. */
  public static PrintStream err(CommandSpec spec) {
    return stream(spec.commandLine().getErr());
  }

  private static PrintStream stream(PrintWriter writer) {
    writer.flush();
    if (writer instanceof StreamWriter s) {
      return s.stream;
    }
    return new PrintStream(new OutputStream() { // a writer someone else set: bytes decoded at each flush
      private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

      @Override
      public void write(int b) {
        pending.write(b);
      }

      @Override
      public void flush() {
        writer.write(pending.toString(StandardCharsets.UTF_8));
        pending.reset();
        writer.flush();
      }
    }, true, StandardCharsets.UTF_8);
  }

  /**
   * A parameter error of any command: {@code error: COMMAND: MESSAGE} and {@code (see 'diffsearch COMMAND
   * --help')}; an unknown command of {@code diffsearch} itself is one line naming the known ones. Returns 2.
   */
  public static int parameterError(ParameterException e, PrintStream err) {
    CommandLine c = e.getCommandLine();
    String unknown = unknownSubcommand(e);
    if (c.getParent() == null && unknown != null) {
      err.println("error: unknown command '" + unknown + "' (commands: "
          + String.join(", ", c.getSubcommands().keySet()) + "; see --help)");
      return 2;
    }
    String message = unknown != null
        ? "unknown subcommand '" + unknown + "' (known: " + String.join(", ", c.getSubcommands().keySet()) + ")"
        : e.getMessage();
    err.println("error: " + prefix(c) + message);
    err.println("(see '" + c.getCommandSpec().qualifiedName() + " --help')");
    return 2;
  }

  /** Whether a plugin command's exception is bad input: an {@code IOException} or a {@code ConfigException}. */
  public static boolean isBadInput(Exception e) {
    return e instanceof IOException || e instanceof ConfigException;
  }

  /** Reports bad input {@code e} of the command {@code c} as one {@code error: COMMAND: ...} line; returns 2. */
  public static int badInput(Exception e, CommandLine c, PrintStream err) {
    err.println("error: " + prefix(c) + e.getMessage());
    return 2;
  }

  /** {@code fashion-mnist train: } for {@code diffsearch fashion-mnist train}; nothing for {@code diffsearch}. */
  private static String prefix(CommandLine c) {
    return c.getParent() == null ? "" : c.getCommandSpec().qualifiedName().replaceFirst("^\\S+ ", "") + ": ";
  }

  private static String unknownSubcommand(ParameterException e) {
    if (e instanceof UnmatchedArgumentException u && !e.getCommandLine().getSubcommands().isEmpty()
        && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
      return u.getUnmatched().get(0);
    }
    return null;
  }

  /** The host's root command, {@code diffsearch}, in {@link #execute}. */
  @Command(name = "diffsearch")
  private static final class Host {}

  /** A writer over a {@code PrintStream}, which {@link #out} and {@link #err} hand back to commands. */
  private static final class StreamWriter extends PrintWriter {
    private final PrintStream stream;

    StreamWriter(PrintStream stream) {
      super(stream, true);
      this.stream = stream;
    }
  }

  /** {@code NAME PLUGIN-VERSION}, the version from the manifest of the plugin jar that holds {@code type}. */
  public static String pluginVersion(String name, Class<?> type) {
    try {
      URL location = type.getProtectionDomain().getCodeSource().getLocation();
      if (location.getPath().endsWith(".jar")) {
        try (JarFile jar = new JarFile(Path.of(location.toURI()).toFile())) {
          String v = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Plugin-Version");
          if (v != null) {
            return name + " " + v;
          }
        }
      }
    } catch (Exception e) {
      // no readable jar: fall through
    }
    return name + " (not run from a plugin jar)";
  }

  static long parseLong(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number");
    }
  }

  static double parseFinite(String value) {
    double d;
    try {
      d = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a number");
    }
    if (!Double.isFinite(d)) {
      throw new TypeConversionException("must be finite, got " + value);
    }
    return d;
  }

  /** A whole number from {@code min} to {@code max}; subclass it with the bounds of an option. */
  public abstract static class Whole implements ITypeConverter<Integer> {
    private final int min;
    private final int max;

    protected Whole(int min, int max) {
      this.min = min;
      this.max = max;
    }

    @Override
    public Integer convert(String value) {
      long n = parseLong(value);
      if (n < min) {
        throw new TypeConversionException("must be at least " + min + ", got " + value.trim());
      }
      if (n > max) {
        throw new TypeConversionException("must be at most " + max + ", got " + value.trim());
      }
      return (int) n;
    }
  }

  /** A whole number of at least 1 (batch sizes, steps, counts, rounds). */
  public static final class Positive extends Whole {
    public Positive() {
      super(1, Integer.MAX_VALUE);
    }
  }

  /** Any whole number that fits a {@code long} (seeds). */
  public static final class Seed implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return parseLong(value);
    }
  }

  /**
   * A finite number from (or above) {@code min} to {@code max}; subclass it with the bounds of an option
   * ({@code Double.MAX_VALUE}: no upper bound but finiteness).
   */
  public abstract static class Finite implements ITypeConverter<Double> {
    private final double min;
    private final boolean minIncluded;
    private final double max;

    protected Finite(double min, boolean minIncluded, double max) {
      this.min = min;
      this.minIncluded = minIncluded;
      this.max = max;
    }

    @Override
    public Double convert(String value) {
      double d = parseFinite(value);
      if (!(minIncluded ? d >= min : d > min)) {
        throw new TypeConversionException((minIncluded ? "must be at least " : "must be above ") + format(min)
            + ", got " + value.trim());
      }
      if (d > max) {
        throw new TypeConversionException("must be at most " + format(max) + ", got " + value.trim());
      }
      return d;
    }

    private static String format(double v) {
      return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
  }

  /** A training learning rate: above 0, at most 1. */
  public static final class LearningRate extends Finite {
    public LearningRate() {
      super(0, false, 1);
    }
  }

  /** A finite number of at least 0 (seconds). */
  public static final class NonNegative extends Finite {
    public NonNegative() {
      super(0, true, Double.MAX_VALUE);
    }
  }
}
