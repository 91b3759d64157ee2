package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input exits with code 2 and one line on stderr, {@code error: ...}, that names the file, the YAML
 * path or the name at fault; a stack trace only with {@code --verbose}. Nothing is run, so no run
 * directory is created.
 */
class BadInputTest extends BadInputCase {

  @Test
  void aMissingConfigFileIsNamed() {
    Path missing = tmp.resolve("no-such-pipeline.yaml");
    Cli.Result r = run(missing);
    assertBadInput(r, missing.toString(), "not found");
  }

  @Test
  void aYamlSyntaxErrorNamesTheFileAndLine() {
    Path yaml = Fixtures.writeText(tmp, "broken.yaml", String.join("\n",
        "seed: 1",
        "model: {name: gaussian-mixture}",
        "sampler:",
        "  search: {name: heun, steps: 4",
        "verifier: {name: mixture-posterior}",
        ""));
    assertBadInputMatching(run(yaml), "broken\\.yaml:[4-6]:\\d+", "broken.yaml:", "YAML syntax error");
  }

  /** One value of the small pipeline broken, and what the error line names. */
  static Stream<Arguments> brokenValues() {
    return Stream.of(
        broken("an unknown verifier name is named with its path and the known names",
            c -> c.putObject("verifier").put("name", "nope"), "verifier.name", "nope", "mixture-posterior", "brightness"),
        broken("an unknown sampler name is named with its path",
            c -> c.withObject("/sampler/search").put("name", "rk45"), "sampler.search.name", "rk45", "heun", "euler"),
        broken("an unknown key in an extension block is named with its full path",
            c -> c.withObject("/sampler/search").put("stepz", 10), "sampler.search.stepz", "unknown key"),
        broken("an unknown top-level key is named", c -> c.put("sed", 42), "sed", "unknown key"),
        broken("a string where steps takes an integer is a wrong type at its path",
            c -> c.withObject("/sampler/search").put("steps", "ten"), "sampler.search.steps", "wrong type"),
        broken("a negative budget is rejected at its path",
            c -> c.withObject("/search").put("nfe", -5), "search.nfe", "-5"));
  }

  private static Arguments broken(String what, Consumer<ObjectNode> edit, String... named) {
    return Arguments.of(Named.of(what, edit), named);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenValues")
  void aBrokenValueIsNamedWithItsPath(Consumer<ObjectNode> edit, String[] named) {
    ObjectNode config = small();
    edit.accept(config);
    assertBadInput(run(write(config)), named);
  }

  @Test
  void aWordWhereTheBudgetTakesAnIntegerIsAWrongTypeAtItsPath() {
    Path yaml = Fixtures.writeText(tmp, "abc.yaml", yamlText().replace("nfe: 28", "nfe: abc"));
    Cli.Result r = run(yaml);
    assertBadInput(r, "search.nfe", "wrong type");
  }

  @ParameterizedTest(name = "--set {0}")
  @CsvSource(delimiter = '|', value = {
      "search.nfe=-5   | search.nfe  | -5", // a negative budget from --set is rejected at its path
      "search.nfee=300 | search.nfee | unknown key", // an unknown key from --set is rejected at its path
      "search.nfe      | --set       | path=value"}) // a --set without an equals sign is bad input
  void aBadSetIsRejectedNamingIt(String set, String path, String said) {
    assertBadInput(run(write(small()), "--set", set), path, said);
  }

  @Test
  void anUnsetEnvironmentVariableIsNamedWithItsPath() {
    Path yaml = Fixtures.writeText(tmp, "env.yaml",
        yamlText().replace("name: mixture-posterior", "name: ${DIFFSEARCH_TEST_SURELY_UNSET_VARIABLE}"));
    Cli.Result r = run(yaml);
    assertBadInput(r, "verifier.name", "DIFFSEARCH_TEST_SURELY_UNSET_VARIABLE");
  }

  @Test
  void withVerboseTheErrorLineIsFollowedByTheStackTrace() {
    Cli.Result r = run(write(small()), "--set", "search.nfe=-5", "--verbose");
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines().get(0)).startsWith("error: ").contains("search.nfe");
    assertThat(r.err()).contains("\tat ").contains("ConfigException");
  }

  @Test
  void runWithoutConfigOrResumeIsBadInput() {
    Cli.Result r = Cli.run("run", "--plugins-dir", Fixtures.pluginsDir().toString(), "--no-progress");
    assertBadInput(r, "CONFIG.yaml");
  }
}
