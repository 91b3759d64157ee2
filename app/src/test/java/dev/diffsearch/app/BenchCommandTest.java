package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The bench command runs end to end on the mixture model (what it prints, not how fast: no timing asserted). */
class BenchCommandTest {

  @Test
  void theFrameworkBenchPrintsOneRowPerBatchSize() {
    Cli.Result r = Cli.run("bench", "--plugins-dir", Fixtures.pluginsDir().toString(), "--steps", "2", "--candidates",
        "4", "--batches", "1,4", "--rounds", "1", "--warmup", "0");
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out()).containsPattern("(?m)^\\s+1\\s+\\d+\\s+\\d+\\s+[0-9.]+")
        .containsPattern("(?m)^\\s+4\\s+\\d+\\s+\\d+\\s+[0-9.]+");
  }

  /** Branching keeps batches full: every denoiser call of paths and beam carries the max batch. */
  @Test
  void algorithmRowsShowFullBatchesForBranchingSearches() {
    Cli.Result r = Cli.run("bench", "--plugins-dir", Fixtures.pluginsDir().toString(), "--steps", "3", "--batches",
        "4", "--rounds", "1", "--warmup", "0", "--algorithms", "paths,beam,smc");
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    for (String algorithm : List.of("paths", "beam", "smc")) {
      Matcher m = Pattern.compile("(?m)^\\s+4 " + algorithm
          + "\\s+\\d+\\s+\\d+\\s+[0-9.]+\\s+[0-9.]+\\s+([0-9.]+) / ([0-9.]+)\\s+([0-9.]+)% /\\s*([0-9.]+)%").matcher(r.out());
      assertThat(m.find()).as(r.out()).isTrue();
      assertThat(Double.parseDouble(m.group(1))).as("%s rows per call", algorithm).isEqualTo(4.0);
      assertThat(Double.parseDouble(m.group(2))).as("random rows per call").isEqualTo(4.0);
      assertThat(Double.parseDouble(m.group(3))).as("%s verifier share", algorithm).isBetween(0.0, 100.0);
    }
  }

  /**
   * The soak prints its samples and its verdict on live arrays; whether RSS stayed within 5 % (and so the exit
   * code) is the machine's to say, not this test's.
   */
  @Test
  void theSoakSamplesRssAndLiveArraysAndLeavesNoArrayPerSearch() {
    Cli.Result r = Cli.run("bench", "--plugins-dir", Fixtures.pluginsDir().toString(), "--steps", "2", "--candidates",
        "4", "--batches", "4", "--soak", "300");
    assertThat(r.out()).as(r.transcript()).contains("soak (outputs of every class in turn)");
    Matcher samples = Pattern.compile("(?m)^\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$").matcher(r.out());
    int rows = 0;
    while (samples.find()) {
      rows++;
    }
    assertThat(rows).as(r.out()).isGreaterThanOrEqualTo(10); // 300 NFE in searches of 12: a sample every 30
    Matcher verdict = Pattern.compile("live arrays (\\d+) -> (\\d+) \\(none left per search\\)").matcher(r.out());
    assertThat(verdict.find()).as(r.out()).isTrue();
    assertThat(verdict.group(2)).isEqualTo(verdict.group(1));
  }

  @Test
  void modelOptionsReachTheBackend() {
    Cli.Result r = Cli.run("bench", "--plugins-dir", Fixtures.pluginsDir().toString(), "--steps", "2", "--candidates",
        "2", "--batches", "2", "--rounds", "1", "--warmup", "0", "--model-option", "no-such-option=3");
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.err()).contains("no-such-option");
  }

  /**
   * Whole runs one output at a time on 2 engine threads against two at a time on 1 thread, cohorts side by side:
   * both rows, the ratio of the rows' NFE/s (one round: the ratio of the two), and the same winners, since only
   * the batches' composition and the threads differ. The engine's threads are put back after.
   */
  @Test
  void inFlightComparesWholeRunsAndTheirWinners() {
    Fixtures.engine();
    var threadsBefore = dev.diffsearch.core.engine.EngineSetup.intraOpThreads();
    Cli.Result r = Cli.run("bench", "--plugins-dir", Fixtures.pluginsDir().toString(), "--steps", "2", "--candidates",
        "3", "--batches", "8", "--outputs", "4", "--in-flight", "1,2", "--threads", "2,1", "--rounds", "1", "--warmup", "0");
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out()).contains("4 outputs (every class in turn) of random search, 3 candidates of heun 2 steps each, max batch 8");
    int cores = Runtime.getRuntime().availableProcessors();
    // in flight, threads, side by side (cores / threads), NFE/s, cpu NFE/s, mean best score
    Matcher one = Pattern.compile("(?m)^\\s+1\\s+2\\s+" + Math.max(1, cores / 2) + "\\s+(\\d+)\\s+(\\d+)\\s+(-?[0-9.]+)$")
        .matcher(r.out());
    Matcher two = Pattern.compile("(?m)^\\s+2\\s+1\\s+" + cores + "\\s+(\\d+)\\s+(\\d+)\\s+(-?[0-9.]+)$").matcher(r.out());
    assertThat(one.find()).as(r.out()).isTrue();
    assertThat(two.find()).as(r.out()).isTrue();
    assertThat(Double.parseDouble(two.group(3))).isCloseTo(Double.parseDouble(one.group(3)),
        org.assertj.core.api.Assertions.within(1e-3));
    Matcher ratio = Pattern.compile("ratio second/first: ([0-9.]+) .* same winner in 4 of 4 outputs").matcher(r.out());
    assertThat(ratio.find()).as(r.out()).isTrue();
    double rows = Double.parseDouble(two.group(1)) / Double.parseDouble(one.group(1)); // rounded rates
    assertThat(Double.parseDouble(ratio.group(1))).isCloseTo(rows, org.assertj.core.api.Assertions.within(0.02 * rows + 0.01));

    assertThat(dev.diffsearch.core.engine.EngineSetup.intraOpThreads()).isEqualTo(threadsBefore);

    Cli.Result single = Cli.run("bench", "--plugins-dir", Fixtures.pluginsDir().toString(), "--in-flight", "4");
    assertThat(single.exitCode()).as(single.transcript()).isEqualTo(2);
    assertThat(single.errorLines()).singleElement().asString().contains("--in-flight").contains("two values");
  }
}
