package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every numeric option of every command is range-checked by picocli: one line, exit 2, before any work. */
class CliOptionsTest {

  @ParameterizedTest(name = "bench {0} {1}")
  @CsvSource(delimiter = '|', value = {
      "--batches|0|must be at least 1, got 0",
      "--batches|-1|must be at least 1, got -1",
      "--batches|16,0|must be at least 1, got 0",
      "--batches|x|'x' is not a whole number",
      "--steps|0|must be at least 1, got 0",
      "--candidates|-5|must be at least 1, got -5",
      "--rounds|0|must be at least 1, got 0",
      "--warmup|-1|must be at least 0, got -1",
      "--warmup|1e400|must be finite, got 1e400",
      "--warmup|NaN|must be finite, got NaN",
  })
  void badNumbersAreRefusedInOneLine(String option, String value, String message) {
    Cli.Result r = Cli.run("bench", "--plugins-dir", Fixtures.pluginsDir().toString(), option, value);
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).as(r.transcript()).hasSize(2);   // the error, then "(see 'diffsearch bench --help')"
    assertThat(r.errorLines().get(0)).startsWith("error: ").contains(option).contains(message);
    assertThat(r.out()).isEmpty();                              // refused before the bench started
  }

  /** Every int/long/double option of a built-in command carries a range-checking converter. */
  @Test
  void everyNumericOptionIsRangeChecked() {
    CommandLine cli = new CommandLine(new Main());
    List<String> unchecked = new ArrayList<>();
    for (CommandLine sub : cli.getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      for (OptionSpec o : spec.options()) {
        Class<?> t = o.auxiliaryTypes()[0];
        boolean numeric = t == int.class || t == Integer.class || t == long.class || t == Long.class
            || t == double.class || t == Double.class || t == float.class || t == Float.class;
        if (numeric && (o.converters() == null || o.converters().length == 0)) {
          unchecked.add(spec.name() + " " + o.longestName());
        }
      }
    }
    assertThat(unchecked).as("numeric options without a range-checking converter").isEmpty();
  }

  /** `diffsearch --help` lists each command by its first description line: it must be a whole sentence. */
  @Test
  void everyCommandsSummaryLineIsAWholeSentence() {
    CommandLine cli = new CommandLine(new Main());
    for (CommandLine sub : cli.getSubcommands().values()) {
      String[] description = sub.getCommandSpec().usageMessage().description();
      assertThat(description).as(sub.getCommandName()).isNotEmpty();
      assertThat(description[0].strip()).as(sub.getCommandName() + "'s first description line").endsWith(".");
    }
    Cli.Result help = Cli.run("--help");
    assertThat(help.exitCode()).isZero();
    // a command's row may wrap onto lines indented further; its end must close the sentence
    List<String> rows = new ArrayList<>();
    for (String line : help.out().split("\\R")) {
      if (line.matches("  \\S.*") && !line.strip().startsWith("-")) {
        rows.add(line.strip());
      } else if (line.matches("   +\\S.*") && !rows.isEmpty()) {
        rows.set(rows.size() - 1, rows.get(rows.size() - 1) + " " + line.strip());
      }
    }
    assertThat(rows).hasSizeGreaterThanOrEqualTo(cli.getSubcommands().size());
    assertThat(rows).allSatisfy(row -> assertThat(row).as("a command row of --help").endsWith("."));
  }
}
