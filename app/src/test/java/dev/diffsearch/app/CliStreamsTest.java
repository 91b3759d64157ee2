package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Main#execute} writes to the streams it is given, so the CLI can be embedded and tested. */
class CliStreamsTest {

  @Test
  void pluginsPrintsItsListingToTheOutStreamGivenToExecute() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.execute(new String[] {"plugins", "--plugins-dir", Fixtures.pluginsDir().toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("heun").contains("brightness");
  }

  @Test
  void helpAndVersionGoToTheOutStreamGivenToExecute() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(Main.execute(new String[] {"--help"}, o, e)).isZero();
    assertThat(Main.execute(new String[] {"--version"}, o, e)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: diffsearch").contains("run")
        .contains("regenerate").contains("diffsearch ");
  }

  @Test
  void anUnknownOptionIsBadInputOnTheErrStream() {
    Cli.Result r = Cli.run("run", "--no-such-option");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLines().get(0)).startsWith("error: ").contains("--no-such-option");
  }
}
