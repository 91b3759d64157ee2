package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

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
    Cli.Result r = run(yaml);
    assertBadInput(r, "broken.yaml:", "YAML syntax error");
    assertThat(r.errorLines().get(0)).containsPattern("broken\\.yaml:[4-6]:\\d+");
  }

  @Test
  void anUnknownVerifierNameIsNamedWithItsPathAndTheKnownNames() {
    ObjectNode config = small();
    config.putObject("verifier").put("name", "nope");
    Cli.Result r = run(write(config));
    assertBadInput(r, "verifier.name", "nope", "mixture-posterior", "brightness");
  }

  @Test
  void anUnknownSamplerNameIsNamedWithItsPath() {
    ObjectNode config = small();
    config.withObject("/sampler/search").put("name", "rk45");
    Cli.Result r = run(write(config));
    assertBadInput(r, "sampler.search.name", "rk45", "heun", "euler");
  }

  @Test
  void anUnknownKeyInAnExtensionBlockIsNamedWithItsFullPath() {
    ObjectNode config = small();
    config.withObject("/sampler/search").put("stepz", 10);
    Cli.Result r = run(write(config));
    assertBadInput(r, "sampler.search.stepz", "unknown key");
  }

  @Test
  void anUnknownTopLevelKeyIsNamed() {
    ObjectNode config = small();
    config.put("sed", 42);
    Cli.Result r = run(write(config));
    assertBadInput(r, "sed", "unknown key");
  }

  @Test
  void aStringWhereStepsTakesAnIntegerIsAWrongTypeAtItsPath() {
    ObjectNode config = small();
    config.withObject("/sampler/search").put("steps", "ten");
    Cli.Result r = run(write(config));
    assertBadInput(r, "sampler.search.steps", "wrong type");
  }

  @Test
  void aWordWhereTheBudgetTakesAnIntegerIsAWrongTypeAtItsPath() {
    Path yaml = Fixtures.writeText(tmp, "abc.yaml", yamlText().replace("nfe: 28", "nfe: abc"));
    Cli.Result r = run(yaml);
    assertBadInput(r, "search.nfe", "wrong type");
  }

  @Test
  void aNegativeBudgetIsRejectedAtItsPath() {
    ObjectNode config = small();
    config.withObject("/search").put("nfe", -5);
    Cli.Result r = run(write(config));
    assertBadInput(r, "search.nfe", "-5");
  }

  @Test
  void aNegativeBudgetFromSetIsRejectedAtItsPath() {
    Cli.Result r = run(write(small()), "--set", "search.nfe=-5");
    assertBadInput(r, "search.nfe", "-5");
  }

  @Test
  void anUnknownKeyFromSetIsRejectedAtItsPath() {
    Cli.Result r = run(write(small()), "--set", "search.nfee=300");
    assertBadInput(r, "search.nfee", "unknown key");
  }

  @Test
  void aSetWithoutAnEqualsSignIsBadInput() {
    Cli.Result r = run(write(small()), "--set", "search.nfe");
    assertBadInput(r, "--set", "path=value");
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
