package dev.diffsearch.app;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps libtorch's warnings off the console. The native engine writes straight to file descriptor 2, past
 * Java's {@code System.err}; this puts a pipe on descriptor 2, gives Java a stream to the original stderr,
 * and reads the pipe on a daemon thread: lines in libtorch's log format at warning or info level
 * ({@code [W1201 13:26:04.509 File.cpp:62] ...}) are kept for the run's {@code engine.log}; anything else
 * (errors, a crashing engine's last words) still reaches the console unchanged.
 *
 * <p>Only the launcher's {@code main} installs it (tests that call {@code Main.execute} keep their streams).
 * On a system without {@code pipe}/{@code dup2} it does nothing.
 */
final class EngineConsole {

  /** libtorch's (glog-style) prefix: level letter, date, time, file:line. */
  private static final Pattern QUIET = Pattern.compile("^\\[[WI]\\d{4} \\d{2}:\\d{2}:\\d{2}.*");
  /** Lines kept for engine.log before a run names its directory; the oldest are dropped beyond this. */
  private static final int KEEP = 10_000;

  private static final ArrayDeque<String> kept = new ArrayDeque<>();
  private static long dropped;
  private static boolean installed;

  private EngineConsole() {}

  /** The C library calls this needs. */
  interface LibC extends Library {
    int pipe(int[] fds);

    int dup(int fd);

    int dup2(int from, int to);

    int isatty(int fd);
  }

  private static LibC libc() {
    try {
      return Native.load("c", LibC.class);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return null;
    }
  }

  /** Whether the process's stderr (descriptor 2, before any capture) is a terminal. */
  static boolean stderrIsTerminal() {
    return terminal;
  }

  private static boolean terminal = System.console() != null;

  /**
   * Puts a pipe on descriptor 2 and returns a stream to the original stderr (also set as
   * {@code System.err}); returns {@code System.err} unchanged where this cannot be done.
   */
  static synchronized PrintStream install() {
    LibC c = libc();
    if (installed || c == null || !Files.isDirectory(Path.of("/proc/self/fd"))) {
      return System.err;
    }
    try {
      terminal = c.isatty(2) == 1;
      int saved = c.dup(2);
      int[] fds = new int[2];
      if (saved < 0 || c.pipe(fds) != 0) {
        return System.err;
      }
      FileInputStream pipe = new FileInputStream("/proc/self/fd/" + fds[0]);
      PrintStream console = new PrintStream(new FileOutputStream("/proc/self/fd/" + saved, true), true,
          StandardCharsets.UTF_8);
      System.err.flush();
      if (c.dup2(fds[1], 2) < 0) {
        pipe.close();
        return System.err;
      }
      System.setErr(console);
      Thread reader = new Thread(() -> drain(pipe, console), "engine-stderr");
      reader.setDaemon(true);
      reader.start();
      installed = true;
      return console;
    } catch (IOException | RuntimeException e) {
      return System.err;
    }
  }

  private static void drain(FileInputStream pipe, PrintStream console) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (QUIET.matcher(line).matches()) {
          keep(line);
        } else {
          console.println(line);
        }
      }
    } catch (IOException e) {
      // the process is ending
    }
  }

  static synchronized void keep(String line) {
    if (kept.size() == KEEP) {
      kept.removeFirst();
      dropped++;
    }
    kept.addLast(line);
  }

  /**
   * Appends the engine lines kept so far to {@code engine.log} in a run directory and forgets them; writes
   * nothing when there are none.
   */
  static void writeLog(Path runDir) throws IOException {
    List<String> lines;
    long lost;
    synchronized (EngineConsole.class) {
      lines = new ArrayList<>(kept);
      lost = dropped;
      kept.clear();
      dropped = 0;
    }
    if (lines.isEmpty() || runDir == null || !Files.isDirectory(runDir)) {
      return;
    }
    if (lost > 0) {
      lines.add(0, "(" + lost + " earlier engine lines dropped)");
    }
    Files.write(runDir.resolve("engine.log"), lines, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
