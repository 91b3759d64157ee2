package dev.diffsearch.plugins.fmnist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.api.cli.CommandSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The picocli options of {@code fashion-mnist} and {@code eval}: a bad number is exit code 2 and one
 * {@code error:} line naming the option and the value (then the {@code --help} hint), before any work;
 * every command's {@code --help} exits 0.
 */
class CommandOptionsTest {

  @TempDir static Path dir;

  /** {command, the arguments before the option, the option, its bad values}. */
  static Stream<Arguments> badNumbers() {
    String out = dir.resolve("never-written").toString();
    List<String> train = List.of("train", "verifier", "--out", out);
    List<String> sample = List.of("sample", "--out", out);
    List<String> bench = List.of("bench");
    List<String> eval = List.of("eval", "--reference", "--out", out);
    String fm = "fashion-mnist";
    List<Object[]> cases = List.of(
        new Object[] {fm, train, "--epochs", List.of("0", "-1", "NaN", "1e400", "x", "2.5", "99999999999")},
        new Object[] {fm, train, "--batch", List.of("0", "-1", "NaN", "x")},
        new Object[] {fm, train, "--lr", List.of("0", "-1", "NaN", "1e400", "-Infinity", "x", "2")},
        new Object[] {fm, train, "--limit", List.of("0", "-1", "1e400", "x")},
        new Object[] {fm, train, "--seed", List.of("NaN", "1e400", "x", "1.5")},
        new Object[] {fm, sample, "--per-class", List.of("0", "-1", "NaN", "1e400", "x", "10001")},
        new Object[] {fm, sample, "--steps", List.of("0", "-1", "x", "100001")},
        new Object[] {fm, sample, "--guidance", List.of("-1", "NaN", "1e400", "x", "101")},
        new Object[] {fm, sample, "--seed", List.of("x", "NaN")},
        new Object[] {fm, sample, "--batch", List.of("0", "-1", "x")},
        new Object[] {fm, sample, "--variant", List.of("xl", "0")},
        new Object[] {fm, bench, "--seconds", List.of("0", "-1", "NaN", "1e400", "x", "86401")},
        new Object[] {fm, bench, "--batches", List.of("0", "16,-1", "1,x", "NaN")},
        new Object[] {fm, bench, "--variants", List.of("s,xl")},
        new Object[] {fm, eval, "--samples", List.of("0", "-1", "NaN", "1e400", "x", "9", "10001")},
        new Object[] {fm, eval, "--k", List.of("0", "-1", "NaN", "x")},
        new Object[] {fm, eval, "--kid-subsets", List.of("0", "-1", "1e400", "x")});
    List<Arguments> all = new ArrayList<>();
    for (Object[] c : cases) {
      @SuppressWarnings("unchecked")
      List<String> values = (List<String>) c[3];
      for (String v : values) {
        all.add(Arguments.of(c[0], c[1], c[2], v));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @MethodSource("badNumbers")
  void aBadNumberIsExitCodeTwoWithOneLineNamingTheOptionAndTheValue(String command, List<String> before, String option,
      String value) throws Exception {
    List<String> args = new ArrayList<>(before);
    args.add(option);
    args.add(value);
    Commands.Outcome o = Commands.run(command, args);
    assertThat(o.code()).as(o.err()).isEqualTo(2);
    List<String> lines = o.err().lines().toList();
    assertThat(lines).as(o.err()).hasSize(2);
    String name = command + " " + before.get(0);
    String bad = value.substring(value.lastIndexOf(',') + 1); // of a list, the element at fault
    assertThat(lines.get(0)).startsWith("error: " + name + ": ").contains("'" + option + "'").contains(bad)
        .doesNotContain("Exception");
    assertThat(lines.get(1)).isEqualTo("(see 'diffsearch " + name + " --help')");
    assertThat(o.out()).isEmpty();
    assertThat(dir.resolve("never-written")).doesNotExist();
  }

  static Stream<List<String>> helps() {
    return Stream.of(List.of("fashion-mnist", "--help"), List.of("fashion-mnist", "-h"),
        List.of("fashion-mnist", "train", "--help"), List.of("fashion-mnist", "train", "verifier", "--help"),
        List.of("fashion-mnist", "sample", "--help"), List.of("fashion-mnist", "grid", "--help"),
        List.of("fashion-mnist", "bench", "--help"), List.of("fashion-mnist", "reference-stats", "-h"),
        List.of("fashion-mnist", "eval", "--help"), List.of("fashion-mnist", "eval", "some/run", "-h"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("helps")
  void helpOfEveryCommandAndSubcommandExitsZero(List<String> args) throws Exception {
    Commands.Outcome o = Commands.run(args.get(0), args.subList(1, args.size()));
    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.err()).isEmpty();
    boolean subcommand = args.get(0).equals("fashion-mnist") && !args.get(1).startsWith("-");
    String sub = subcommand ? " " + args.get(1) : "";
    assertThat(o.out()).startsWith("Usage: diffsearch " + args.get(0) + sub + " ");
  }

  @Test
  void missingOrUnknownSubcommandsAndArgumentsAreOneLine() throws Exception {
    Commands.Outcome none = Commands.fashionMnist();
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err().lines().findFirst().orElseThrow())
        .isEqualTo("error: fashion-mnist: name a subcommand: train, sample, eval, grid, bench or reference-stats");
    Commands.Outcome fly = Commands.fashionMnist("fly");
    assertThat(fly.code()).isEqualTo(2);
    assertThat(fly.err().lines().findFirst().orElseThrow())
        .isEqualTo("error: fashion-mnist: unknown subcommand 'fly' (known: train, sample, eval, grid, bench, reference-stats)");
    Commands.Outcome both = Commands.eval("some/run", "--reference");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err().lines().findFirst().orElseThrow())
        .isEqualTo("error: fashion-mnist eval: give either RUN_DIR or --reference");
    Commands.Outcome grid = Commands.fashionMnist("grid", "some/run");
    assertThat(grid.code()).isEqualTo(2);
    assertThat(grid.err().lines().findFirst().orElseThrow())
        .startsWith("error: fashion-mnist grid: ").contains("--out");
  }

  /**
   * Every command's help starts with a sentence, every option says what it is, and every numeric option
   * goes through a range-checked converter (picocli's own would take NaN, 1e400 or 0).
   */
  @Test
  void everyNumericOptionIsRangeCheckedAndEveryCommandDescribed() {
    List<CommandSpec> specs = new ArrayList<>();
    CommandLine root = CommandSupport.mount(Commands.named("fashion-mnist"));
    specs.add(root.getCommandSpec());
    root.getSubcommands().values().forEach(c -> specs.add(c.getCommandSpec()));
    assertThat(specs).hasSize(7);
    for (CommandSpec spec : specs) {
      String first = spec.usageMessage().description()[0];
      assertThat(first).as(spec.qualifiedName()).matches("[A-Z].*\\.");
      assertThat(spec.mixinStandardHelpOptions()).as(spec.qualifiedName()).isTrue();
      for (OptionSpec o : spec.options()) {
        assertThat(o.description()).as(o.longestName()).isNotEmpty();
        Class<?> type = o.type().isArray() ? o.type().getComponentType() : o.type();
        if (type.isPrimitive() && type != boolean.class || Number.class.isAssignableFrom(type)) {
          assertThat(o.converters()).as(spec.qualifiedName() + " " + o.longestName()).isNotEmpty();
        }
      }
    }
  }
}
