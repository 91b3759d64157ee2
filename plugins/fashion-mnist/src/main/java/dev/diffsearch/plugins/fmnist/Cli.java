package dev.diffsearch.plugins.fmnist;

import dev.diffsearch.core.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs the plugin's picocli commands behind the {@code PluginCommand} SPI, and their range-checked option
 * converters. Bad input (a parameter error, a missing or unreadable file, an invalid config value) is one
 * {@code error: COMMAND: ...} line on stderr and exit code 2; anything else is thrown on to the app.
 */
final class Cli {

  private Cli() {}

  /** Parses {@code args} into the {@code @Command} object {@code command}, runs it, returns the exit code. */
  static int execute(Object command, List<String> args, PrintStream out, PrintStream err) throws Exception {
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
      unexpected[0] = e; // the app reports it (exit code 1, the stack trace with --verbose)
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

  /** {@code NAME PLUGIN-VERSION}, the version from the plugin jar's manifest. */
  static String version(String name, Class<?> type) {
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
      throw new TypeConversionException("must be a finite number, got " + value);
    }
    return d;
  }

  /** A whole number from {@code min} to {@code max}. */
  abstract static class Whole implements ITypeConverter<Integer> {
    private final int min;
    private final int max;

    Whole(int min, int max) {
      this.min = min;
      this.max = max;
    }

    @Override
    public Integer convert(String value) {
      long n = parseLong(value);
      if (n < min) {
        throw new TypeConversionException("must be at least " + min + ", got " + value);
      }
      if (n > max) {
        throw new TypeConversionException("must be at most " + max + ", got " + value);
      }
      return (int) n;
    }
  }

  /** A whole number of at least 1 (epochs, batch sizes, counts). */
  static final class Positive extends Whole {
    Positive() {
      super(1, Integer.MAX_VALUE);
    }
  }

  /** Any whole number that fits a {@code long} (seeds). */
  static final class Seed implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return parseLong(value);
    }
  }

  /** A finite number in a range: above (or from) {@code min}, at most {@code max}. */
  abstract static class Finite implements ITypeConverter<Double> {
    private final double min;
    private final boolean minIncluded;
    private final double max;

    Finite(double min, boolean minIncluded, double max) {
      this.min = min;
      this.minIncluded = minIncluded;
      this.max = max;
    }

    @Override
    public Double convert(String value) {
      double d = parseFinite(value);
      if (!(minIncluded ? d >= min : d > min) || d > max) {
        throw new TypeConversionException((minIncluded ? "must be between " + format(min) + " and "
            : "must be above " + format(min) + " and at most ") + format(max) + ", got " + value);
      }
      return d;
    }

    private static String format(double v) {
      return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
  }
}
