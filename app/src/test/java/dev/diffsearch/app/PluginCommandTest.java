package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diffsearch NAME ARGS...} runs a command a plugin contributes. */
class PluginCommandTest {

  static final String HELLO = """
      package hello;

      import dev.diffsearch.api.spi.PluginCommand;
      import java.util.List;
      import java.util.concurrent.Callable;
      import picocli.CommandLine.Command;
      import picocli.CommandLine.Model.CommandSpec;
      import picocli.CommandLine.Option;
      import picocli.CommandLine.Parameters;
      import picocli.CommandLine.Spec;

      @org.pf4j.Extension
      @Command(name = "hello", mixinStandardHelpOptions = true, description = "Greets the words it is given.")
      public class Hello implements PluginCommand, Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "WORD", description = "who to greet")
        List<String> words = List.of();

        @Option(names = "--fail", description = "fail with exit code 2")
        boolean fail;

        @Override
        public Integer call() {
          if (fail) {
            spec.commandLine().getErr().println("error: hello: told to fail");
            return 2;
          }
          spec.commandLine().getOut().println("hello " + String.join(" ", words));
          return 0;
        }
      }
      """;

  @TempDir static Path tmp;
  static Path plugins;

  @BeforeAll
  static void helloPlugin() {
    Fixtures.engine();
    plugins = tmp.resolve("plugins");
    TestPluginJars.plugin("hello-plugin").extension("hello.Hello", HELLO).writeTo(plugins);
  }

  @Test
  void aPluginCommandGetsItsArgumentsWithoutVerboseOrPluginsDirAndTheGivenStreams() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.execute(new String[] {"hello", "big", "--verbose", "--plugins-dir", plugins.toString(), "world"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello big world" + System.lineSeparator());
  }

  @Test
  void thePluginsDirMayComeBeforeTheCommandsName() {
    Cli.Result r = Cli.run("--plugins-dir", plugins.toString(), "--verbose", "hello", "there");
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out()).isEqualTo("hello there" + System.lineSeparator());
  }

  /** Plugin commands are subcommands of {@code diffsearch}: listed by its help, with picocli's help and errors. */
  @Test
  void aPluginCommandIsListedByHelpAndHasPicocliHelpAndErrors() {
    Cli.Result help = Cli.run("--plugins-dir", plugins.toString(), "--help");
    assertThat(help.exitCode()).as(help.transcript()).isZero();
    assertThat(help.out()).containsPattern("(?m)^  run\\s")
        .containsPattern("(?m)^  hello\\s+Greets the words it is given\\.$");

    Cli.Result usage = Cli.run("hello", "--plugins-dir", plugins.toString(), "--help");
    assertThat(usage.exitCode()).as(usage.transcript()).isZero();
    assertThat(usage.out()).startsWith("Usage: diffsearch hello ").contains("WORD", "--fail", "--plugins-dir=DIR");

    Cli.Result bogus = Cli.run("hello", "--plugins-dir", plugins.toString(), "--bogus");
    assertThat(bogus.exitCode()).as(bogus.transcript()).isEqualTo(2);
    assertThat(bogus.errorLines()).containsExactly("error: hello: Unknown option: '--bogus'",
        "(see 'diffsearch hello --help')");
    assertThat(bogus.out()).isEmpty();
  }

  @Test
  void aPluginCommandsExitCodeIsTheProcessExitCode() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.execute(new String[] {"hello", "--plugins-dir=" + plugins, "--fail"},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: hello: told to fail");
  }

  @Test
  void anUnknownCommandIsBadInputListingTheBuiltInAndPluginCommands() {
    Cli.Result r = Cli.run("no-such-command"); // plugin commands come from the default plugins dir
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).singleElement().asString()
        .startsWith("error: unknown command 'no-such-command'")
        .contains("run", "plugins", "regenerate", "bench", "gaussian-mixture-fit");
  }

  /**
   * The bundled plugins' commands parse with the host's picocli (shared through the plugin class loader,
   * not packed into their jars): a bad number is one line naming the option and exit code 2, help exits 0.
   */
  @Test
  void theBundledPluginCommandsParseTheirOptionsWithTheHostsPicocli() {
    String[][] bad = {
        {"gaussian-mixture-fit", "--per-class", "0"},
        {"fashion-mnist", "train", "verifier", "--lr", "NaN"},
        {"fashion-mnist", "sample", "--out", tmp.resolve("never").toString(), "--guidance", "1e400"},
        {"fashion-mnist", "eval", "--reference", "--kid-subsets", "x"}};
    for (String[] args : bad) {
      Cli.Result r = Cli.run(args);
      assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
      assertThat(r.errorLines()).as(r.transcript()).hasSize(2);
      assertThat(r.errorLines().get(0)).startsWith("error: " + args[0])
          .contains("'" + args[args.length - 2] + "'", args[args.length - 1]);
      assertThat(r.errorLines().get(1)).startsWith("(see 'diffsearch " + args[0]);
    }
    assertThat(tmp.resolve("never")).doesNotExist();
    for (String[] args : new String[][] {{"gaussian-mixture-fit", "--help"}, {"fashion-mnist", "bench", "--help"},
        {"fashion-mnist", "eval", "-h"}}) {
      Cli.Result r = Cli.run(args);
      assertThat(r.exitCode()).as(r.transcript()).isZero();
      String command = String.join(" ", args).replace(" --help", "").replace(" -h", "");
      assertThat(r.out()).startsWith("Usage: diffsearch " + command);
    }
    Cli.Result version = Cli.run("gaussian-mixture-fit", "--version");
    assertThat(version.exitCode()).as(version.transcript()).isZero();
    assertThat(version.out().strip()).matches("gaussian-mixture plugin \\d+\\.\\d+\\.\\d+.*");
  }

  /**
   * The bundled fashion-mnist plugin's {@code sample} solves with the host's built-in {@code heun} sampler,
   * which its command (made by Guice in the plugin runtime) takes from the extension registry: 2 steps are
   * heun's 3 NFE.
   */
  @Test
  void theFashionMnistSampleCommandSolvesWithTheBuiltInHeunSampler() throws Exception {
    Path out = tmp.resolve("sample");
    Cli.Result r = Cli.run("fashion-mnist", "sample", "--per-class", "1", "--steps", "2", "--out", out.toString());
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("outputs")).hasSize(10);
    assertThat(summary.get("sampling").get("nfe-per-sample").asInt()).isEqualTo(3);
    assertThat(out.resolve("images/o0009-class09-s000.png")).isRegularFile();
  }

  @Test
  void thePluginsListingShowsAPluginCommandWithItsOrigin() {
    Cli.Result r = Cli.run("plugins", "--plugins-dir", plugins.toString());
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(r.out()).containsPattern("(?m)^command\\s+hello\\s+hello-plugin@1\\.0\\.0");
  }
}
