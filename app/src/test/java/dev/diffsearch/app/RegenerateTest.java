package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diffsearch regenerate}: a kept sample comes back bit for bit from its saved noise. */
class RegenerateTest {

  @TempDir static Path tmp;
  static Path runDir;

  @BeforeAll
  static void run() {
    Path yaml = Fixtures.writeYaml(tmp, "regen.yaml", Fixtures.smallQuickstart(tmp, 11, 1, 4));
    runDir = tmp.resolve("run");
    Cli.Result r = Cli.runPipeline(yaml, runDir);
    assertThat(r.exitCode()).as(r.transcript()).isZero();
  }

  @Test
  void regenerateWritesAPngIdenticalToTheKeptImageAndSaysSo() {
    for (String id : new String[] {"o0000-class01-s000", "o0001-class04-s000"}) {
      Path png = tmp.resolve(id + "-again.png");
      Cli.Result r = Cli.run("regenerate", runDir.toString(), "--output", id, "--png", png.toString(),
          "--plugins-dir", Fixtures.pluginsDir().toString());
      assertThat(r.exitCode()).as(r.transcript()).isZero();
      assertThat(r.out()).contains("identical").doesNotContain("DIFFERS");
      assertThat(Fixtures.bytes(png)).isEqualTo(Fixtures.bytes(runDir.resolve("images").resolve(id + ".png")));
    }
  }

  @Test
  void regenerateOfAnUnknownOutputIsBadInputNamingTheOutput() {
    Cli.Result r = Cli.run("regenerate", runDir.toString(), "--output", "o9999-nope",
        "--plugins-dir", Fixtures.pluginsDir().toString());
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).singleElement().asString().startsWith("error: ").contains("o9999-nope");
  }

  @Test
  void regenerateWithANoiseWhoseHeaderRunsPastTheEndIsBadInputNamingTheFile() throws Exception {
    Path bad = tmp.resolve("header-0xffff.npy");
    java.nio.file.Files.write(bad, ResumeTest.withHeaderLength0xFFFF(
        Fixtures.bytes(runDir.resolve("noises").resolve("o0000-class01-s000.npy"))));
    Cli.Result r = Cli.run("regenerate", runDir.toString(), "--output", "o0000-class01-s000", "--noise", bad.toString(),
        "--plugins-dir", Fixtures.pluginsDir().toString());
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).singleElement().asString()
        .isEqualTo("error: " + bad + ": header length 65535 runs past the end of the file ("
            + java.nio.file.Files.size(bad) + " bytes)");
  }

  @Test
  void regenerateOfARunWithADamagedSummaryIsBadInputNamingIt(@TempDir Path work) throws Exception {
    Path copy = work.resolve("run");
    Fixtures.copyTree(runDir, copy);
    java.nio.file.Files.writeString(copy.resolve("summary.json"), "{\"outputs\": [");
    Cli.Result r = Cli.run("regenerate", copy.toString(), "--output", "o0000-class01-s000",
        "--plugins-dir", Fixtures.pluginsDir().toString());
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).singleElement().asString()
        .startsWith("error: " + copy.resolve("summary.json") + ": not valid JSON: ");
  }

  @Test
  void regenerateOfADirectoryThatIsNoRunIsBadInput() {
    Cli.Result r = Cli.run("regenerate", tmp.resolve("nothing-here").toString(), "--output", "o0000-class01-s000",
        "--plugins-dir", Fixtures.pluginsDir().toString());
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).singleElement().asString().startsWith("error: ").contains("not a run directory");
  }
}
