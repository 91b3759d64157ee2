package dev.diffsearch.api.cli;

import dev.diffsearch.api.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * What the app's commands and plugin commands ({@code PluginCommand}) share on picocli, which the host
 * loads once for every plugin: a runner with the project's error conventions and range-checked option
 * converters ({@code @Option(converter = CommandSupport.Positive.class)}). Bad input — a parameter error, a
 * missing or unreadable file, an invalid config value — is one {@code error: COMMAND: ...} line on stderr
 * and exit code 2; anything else is thrown on to the app (exit code 1, the stack trace with --verbose).
 */
public final class CommandSupport {

  private CommandSupport() {}

  /**
   * Parses {@code args} into the {@code @Command} object {@code command}, runs it, returns the exit code;
   * for a {@code PluginCommand}'s {@code run}.
   */
  public static int execute(Object command, List<String> args, PrintStream out, PrintStream err) throws Exception {
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setParameterExceptionHandler((e, a) -> {
      err.println("error: " + name(e.getCommandLine()) + ": " + message(e));
      err.println("(see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
      return 2;
    });
    Exception[] unexpected = new Exception[1];
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof IOException || e instanceof ConfigException) {
        err.println("error: " + name(commandLine) + ": " + e.getMessage());
        return 2;
      }
      unexpected[0] = e;
      return 1;
    });
    int code = cli.execute(args.toArray(String[]::new));
    if (unexpected[0] != null) {
      throw unexpected[0];
    }
    return code;
  }

  /** {@code fashion-mnist train} for {@code diffsearch fashion-mnist train}. */
  private static String name(CommandLine c) {
    return c.getCommandSpec().qualifiedName().replaceFirst("^diffsearch ", "");
  }

  private static String message(ParameterException e) {
    if (e instanceof UnmatchedArgumentException u && !e.getCommandLine().getSubcommands().isEmpty()
        && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
      return "unknown subcommand '" + u.getUnmatched().get(0) + "' (known: "
          + String.join(", ", e.getCommandLine().getSubcommands().keySet()) + ")";
    }
    return e.getMessage();
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

  /** A finite number of at least 0 (seconds). */
  public static final class NonNegative extends Finite {
    public NonNegative() {
      super(0, true, Double.MAX_VALUE);
    }
  }
}
