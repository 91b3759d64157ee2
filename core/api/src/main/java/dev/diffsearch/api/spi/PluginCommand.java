package dev.diffsearch.api.spi;

import java.io.PrintStream;
import java.util.List;

/**
 * A subcommand a plugin adds to the CLI ({@code diffsearch NAME ARGS...}), e.g. a model plugin's
 * {@code train}. {@code diffsearch plugins} lists it (kind {@code command}); the app takes
 * {@code --plugins-dir DIR} and {@code --verbose} off the arguments and the plugin parses the rest.
 */
public interface PluginCommand extends NamedExtension {

  /** Runs the command; returns the process exit code (0 success, 2 bad input). */
  int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
