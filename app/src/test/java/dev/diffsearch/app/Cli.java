package dev.diffsearch.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs {@link Main#execute} in-process with captured streams.
 *
 * <p>The sub-commands currently print to {@code System.out} / {@code System.err} instead of the streams
 * given to {@code execute} (see {@code CliStreamsTest}), so while a command runs this also points
 * {@code System.out} / {@code System.err} at the same buffers. Tests run one at a time in the forked JVM.
 */
final class Cli {

  private Cli() {}

  /** What a command did: its exit code and everything it printed. */
  record Result(int exitCode, String out, String err) {

    /** Lines of stderr, without blank lines, and log lines (WARN/INFO/DEBUG). */
    List<String> errorLines() {
      List<String> lines = new ArrayList<>();
      for (String line : err.split("\\R")) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("WARN") || l.startsWith("INFO") || l.startsWith("DEBUG")) {
          continue;
        }
        lines.add(line);
      }
      return lines;
    }

    /** Both streams, for failure messages. */
    String transcript() {
      return "exit " + exitCode + "\n--- out ---\n" + out + "\n--- err ---\n" + err;
    }
  }

  static synchronized Result run(String... args) {
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    PrintStream systemOut = System.out;
    PrintStream systemErr = System.err;
    int code;
    System.setOut(out);
    System.setErr(err);
    try {
      code = Main.execute(args, out, err);
    } finally {
      System.setOut(systemOut);
      System.setErr(systemErr);
    }
    out.flush();
    err.flush();
    return new Result(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
  }

  /** {@code run CONFIG --out DIR --plugins-dir PLUGINS --no-progress EXTRA...}. */
  static Result runPipeline(Path config, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of(
        "run", config.toString(), "--out", out.toString(),
        "--plugins-dir", Fixtures.pluginsDir().toString(), "--no-progress"));
    args.addAll(Arrays.asList(extra));
    return run(args.toArray(String[]::new));
  }
}
