package dev.diffsearch.plugins.mixture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.api.cli.CommandSupport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code gaussian-mixture-fit}'s picocli options: bad numbers are one line and exit code 2, before any work. */
class FitOptionsTest {

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "--per-class, 0", "--per-class, -1", "--per-class, NaN", "--per-class, 1e400", "--per-class, x",
      "--per-class, 1001", "--per-class, 99999999999",
      "--iterations, 0", "--iterations, -1", "--iterations, NaN", "--iterations, 1e400", "--iterations, x",
      "--iterations, 2.5", "--iterations, 10001"})
  void aBadNumberIsExitCodeTwoWithOneLineNamingTheOptionAndTheValue(String option, String value) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path dest = tmp.resolve("never-written");
    int code = CommandSupport.execute(new FitCommand(), List.of("--out", dest.toString(), option, value),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("error: gaussian-mixture-fit: ").contains("'" + option + "'").contains(value)
        .doesNotContain("Exception");
    assertThat(lines.get(1)).isEqualTo("(see 'diffsearch gaussian-mixture-fit --help')");
    assertThat(out.size()).isZero();
    assertThat(dest).doesNotExist();
  }

  @Test
  void unknownOptionsAreOneLineToo() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = CommandSupport.execute(new FitCommand(), List.of("--per-clas", "4"), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
        .startsWith("error: gaussian-mixture-fit: Unknown option").contains("'--per-clas'");
  }

  @Test
  void helpExitsZeroAndDescribesEveryOption() throws Exception {
    for (String help : List.of("--help", "-h")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = CommandSupport.execute(new FitCommand(), List.of(help), new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(code).isZero();
      assertThat(err.size()).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .startsWith("Usage: diffsearch gaussian-mixture-fit ")
          .contains("--per-class=K", "(default: 4)", "--iterations=N", "(default: 25)", "--data=DIR", "--out=DIR");
    }
    CommandLine cli = new CommandLine(new FitCommand());
    assertThat(cli.getCommandSpec().usageMessage().description()[0]).matches("[A-Z].*\\.");
    for (OptionSpec o : cli.getCommandSpec().options()) {
      assertThat(o.description()).as(o.longestName()).isNotEmpty();
      if (o.type() == int.class) {
        assertThat(o.converters()).as(o.longestName()).isNotEmpty();
      }
    }
  }
}
