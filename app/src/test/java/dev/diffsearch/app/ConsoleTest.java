package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.core.run.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees on the console: no libtorch lines, no redraws into a file, a bar on a terminal. */
class ConsoleTest {

  /** libtorch's log-line prefix ([W1201 13:26:04.509 File.cpp:62]) and its NNPACK complaint. */
  private static final Pattern LIBTORCH = Pattern.compile("^\\[[WIE]\\d{4} \\d{2}:\\d{2}:\\d{2}.*|.*NNPACK.*");

  @Test
  void theQuickstartsStderrHoldsNoLibtorchLineAndOneProgressLinePerOutput(@TempDir Path tmp) throws Exception {
    Path runDir = tmp.resolve("qs");
    Path stderr = tmp.resolve("stderr.txt");
    Path stdout = tmp.resolve("stdout.txt");
    // the real launcher path: a separate JVM whose descriptor 2 is a file, as under CI or `2> log`
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dai.djl.offline=true",
        "dev.diffsearch.app.Main", "run", Fixtures.repoDir().resolve("examples/quickstart.yaml").toString(),
        "--plugins-dir", Fixtures.pluginsDir().toString(), "--out", runDir.toString());
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    pb.redirectError(stderr.toFile()).redirectOutput(stdout.toFile());
    Process p = pb.start();
    p.waitFor(); // a hang is bounded by surefire's forkedProcessTimeoutInSeconds, not by a clock here
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("exit code; stderr:%n%s", err).isZero();

    List<String> lines = err.lines().toList();
    assertThat(lines).noneMatch(l -> LIBTORCH.matcher(l).matches());
    assertThat(err).doesNotContain("\r");
    assertThat(lines).filteredOn(l -> l.startsWith("progress: outputs ")).hasSize(10);
    assertThat(lines).last().asString().startsWith("progress: outputs 10/10");
    assertThat(Files.readString(stdout)).contains("10 outputs done");

    // libtorch 2.7 warns once per process (AutoNonVariableTypeMode); the warning lands in the run's engine.log
    Path engineLog = runDir.resolve("engine.log");
    assertThat(engineLog).isRegularFile();
    assertThat(Files.readAllLines(engineLog)).isNotEmpty().allMatch(l -> LIBTORCH.matcher(l).matches());
  }

  /** What a progress bar writing to a file (not a terminal) writes while {@code use} drives it. */
  private static String writtenToAFile(Consumer<ProgressBar> use) {
    StringWriter out = new StringWriter();
    use.accept(new ProgressBar(new PrintWriter(out), false, () -> 0L));
    return out.toString();
  }

  @Test
  void aFileGetsOneLinePerFinishedOutputAndNoRedraws() {
    String out = writtenToAFile(bar -> {
      bar.onProgress(new Progress(0, 0, 100, 0, 3, 0.0));
      bar.onProgress(new Progress(5, 20, 100, 0, 3, 1.0));
      bar.onProgress(new Progress(10, 40, 100, 1, 3, 2.0));
      bar.onProgress(new Progress(12, 45, 100, 1, 3, 2.5));
      bar.onProgress(new Progress(20, 80, 100, 2, 3, 4.0));
      bar.onProgress(new Progress(30, 100, 100, 3, 3, 5.0));
      bar.finish();
    });
    assertThat(out).doesNotContain("\r");
    assertThat(out.lines().toList()).containsExactly(
        "progress: outputs 1/3  candidates 10  20 NFE/s  ETA 3s",
        "progress: outputs 2/3  candidates 20  20 NFE/s  ETA 1s",
        "progress: outputs 3/3  candidates 30  20 NFE/s  ETA 0s");
  }

  @Test
  void resumedOutputsAreNotReportedAgain() {
    String out = writtenToAFile(bar -> {
      bar.onProgress(new Progress(0, 0, 100, 4, 5, 0.0));
      bar.onProgress(new Progress(10, 100, 100, 5, 5, 1.0));
    });
    assertThat(out.lines().toList()).containsExactly(
        "progress: outputs 5/5  candidates 10  100 NFE/s  ETA 0s");
  }

  @Test
  void aTerminalBarRedrawsAtMostFiveTimesASecondAndAlwaysAtTheEnd() {
    StringWriter out = new StringWriter();
    AtomicLong now = new AtomicLong(1_000_000_000L);
    ProgressBar bar = new ProgressBar(new PrintWriter(out), true, now::get);
    bar.onProgress(new Progress(1, 10, 100, 0, 2, 1.0));   // first snapshot: drawn
    now.addAndGet(100_000_000L);
    bar.onProgress(new Progress(2, 20, 100, 0, 2, 1.1));   // 0.1 s later: skipped
    now.addAndGet(150_000_000L);
    bar.onProgress(new Progress(3, 30, 100, 0, 2, 1.25));  // 0.25 s after the last draw: drawn
    now.addAndGet(1_000_000L);
    bar.onProgress(new Progress(4, 100, 100, 2, 2, 1.3));  // the last output: drawn at once
    bar.finish();
    String s = out.toString();
    assertThat(s.split("\r", -1)).hasSize(1 + 4);          // 3 draws + the final redraw
    assertThat(s).contains("candidates 1 ").contains("candidates 3 ").doesNotContain("candidates 2 ");
    assertThat(s).endsWith(System.lineSeparator());
  }

  @Test
  void formatsDurations() {
    assertThat(ProgressBar.formatSeconds(59.4)).isEqualTo("59s");
    assertThat(ProgressBar.formatSeconds(61)).isEqualTo("1m01s");
    assertThat(ProgressBar.formatSeconds(3 * 3600 + 125)).isEqualTo("3h02m");
  }
}
