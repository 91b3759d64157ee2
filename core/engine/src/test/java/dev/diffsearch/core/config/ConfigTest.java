package dev.diffsearch.core.config;

import dev.diffsearch.api.config.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.spi.ValidatedConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  static final String BASE = String.join("\n",
      "seed: 7",
      "model: {name: m, guidance: 1.5, path: weights}",
      "sampler: {search: {name: heun, steps: 5}}",
      "verifier: {name: v, api-key: '${GEMINI_API_KEY}', model: '${MODEL:-flash}'}",
      "search: {name: random, nfe: 100, candidates: 4}",
      "conditions: {classes: [1, 2], samples-per-class: 3}");

  record Steps(Integer steps, Double sigmaMin) implements ValidatedConfig {
    @Override
    public void validate() {
      if (steps != null && steps < 1) {
        throw ConfigException.at("steps", "must be at least 1, got " + steps);
      }
    }
  }

  private static ObjectNode tree(String yaml, String... sets) {
    ObjectNode root = ConfigLoader.parse(yaml, "p.yaml");
    ConfigLoader.applyOverrides(root, List.of(sets));
    return root;
  }

  @Test
  void engineValuesAreReadAndExtensionOptionsKeptForTheirBlock() {
    PipelineSpec spec = PipelineSpec.from(ConfigLoader.substituteEnv(tree(BASE), Map.of("GEMINI_API_KEY", "k")::get), Path.of("/tmp"));
    assertThat(spec.seed()).isEqualTo(7);
    assertThat(spec.guidance()).isEqualTo(1.5);
    assertThat(spec.nfe()).isEqualTo(100);
    assertThat(spec.maxBatch()).isEqualTo(PipelineSpec.DEFAULT_MAX_BATCH);
    assertThat(spec.classes()).containsExactly(1, 2);
    assertThat(spec.samplesPerClass()).isEqualTo(3);
    assertThat(spec.algorithm().options().fieldNames()).toIterable().containsExactly("candidates");
    assertThat(spec.model().options().fieldNames()).toIterable().containsExactly("path");
    assertThat(spec.verifier().options().get("model").asText()).isEqualTo("flash");
  }

  @Test
  void setOverridesNestedValuesWithYamlTypes() {
    ObjectNode root = tree(BASE, "search.nfe=400", "sampler.final.name=euler", "conditions.classes=[0, 9]");
    PipelineSpec spec = PipelineSpec.from(ConfigLoader.substituteEnv(root, Map.of("GEMINI_API_KEY", "k")::get), Path.of("."));
    assertThat(spec.nfe()).isEqualTo(400);
    assertThat(spec.finalSampler().name()).isEqualTo("euler");
    assertThat(spec.classes()).containsExactly(0, 9);
    assertThatThrownBy(() -> tree(BASE, "novalue")).hasMessageContaining("--set novalue").hasMessageContaining("path=value");
  }

  @Test
  void aMissingEnvironmentVariableNamesTheYamlPath() {
    assertThatThrownBy(() -> ConfigLoader.substituteEnv(tree(BASE), Map.<String, String>of()::get))
        .isInstanceOf(ConfigException.class)
        .hasMessage("verifier.api-key: environment variable GEMINI_API_KEY is not set");
  }

  @Test
  void secretsAreRedactedForRunFiles() {
    ObjectNode redacted = ConfigLoader.redacted(tree(BASE + "\noutput: {name: '${HF_TOKEN}-run'}"),
        Map.of("GEMINI_API_KEY", "sk-123", "HF_TOKEN", "tok")::get);
    String text = redacted.toString();
    assertThat(text).doesNotContain("sk-123").doesNotContain("tok-run").contains("***");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "api-key, true", "apikey, true", "token, true", "hf-token, true", "access_token, true", "client-secret, true",
      "password, true", "db-passwd, true", "credentials, true", "api-key-env, false", "tokenizer, false",
      "max-tokens, false", "keyframes, false", "name, false"})
  void aKeyIsSecretByItsWordsNotByAnyLettersInIt(String key, boolean secret) {
    ObjectNode kept = ConfigLoader.withoutLiteralSecrets(tree(BASE, "model." + key + "=v4lue"));
    assertThat(kept.at("/model/" + key).asText()).isEqualTo(secret ? ConfigLoader.REDACTED : "v4lue");
  }

  @Test
  void runJsonKeepsSecretReferencesButNotLiteralSecrets() {
    ObjectNode kept = ConfigLoader.withoutLiteralSecrets(tree(BASE + "\nplugins: {dir: p}", "model.token=hunter2"));
    assertThat(kept.at("/verifier/api-key").asText()).isEqualTo("${GEMINI_API_KEY}");
    assertThat(kept.at("/model/token").asText()).isEqualTo(ConfigLoader.REDACTED);
    assertThat(kept.toString()).doesNotContain("hunter2");
    assertThatThrownBy(() -> ConfigLoader.requireNoRedactedSecrets(kept, "run.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("run.json: model.token was written literally");
    ConfigLoader.requireNoRedactedSecrets(tree(BASE), "run.json");
    ObjectNode envName = ConfigLoader.withoutLiteralSecrets(tree(BASE, "verifier.api-key-env=GEMINI_API_KEY"));
    assertThat(envName.at("/verifier/api-key-env").asText()).isEqualTo("GEMINI_API_KEY");
  }

  @Test
  void badEngineValuesNameTheirPath() {
    assertThatThrownBy(() -> PipelineSpec.from(tree(BASE, "search.nfe=-5"), Path.of(".")))
        .hasMessage("search.nfe: must be a positive integer, got -5");
    assertThatThrownBy(() -> PipelineSpec.from(tree(BASE, "search.nfe=abc"), Path.of(".")))
        .hasMessageStartingWith("search.nfe: wrong type");
    assertThatThrownBy(() -> PipelineSpec.from(tree(BASE, "colour=red"), Path.of(".")))
        .hasMessageStartingWith("colour: unknown key");
    assertThatThrownBy(() -> PipelineSpec.from(tree(BASE, "conditions.classes=[1, -2]"), Path.of(".")))
        .hasMessageStartingWith("conditions.classes[1]");
    assertThatThrownBy(() -> PipelineSpec.from(tree("model: {guidance: 1}\n" + BASE.substring(BASE.indexOf("sampler"))), Path.of(".")))
        .hasMessageStartingWith("model.name: missing");
  }

  @Test
  void extensionOptionsBindStrictlyWithTheYamlPath() {
    PipelineSpec spec = PipelineSpec.from(tree(BASE), Path.of("."));
    assertThat(spec.searchSampler().bind(Steps.class).steps()).isEqualTo(5);
    ObjectNode unknown = tree(BASE, "sampler.search.stepz=3");
    assertThatThrownBy(() -> PipelineSpec.from(unknown, Path.of(".")).searchSampler().bind(Steps.class))
        .hasMessageStartingWith("sampler.search.stepz: unknown key (known: sigma-min, steps)");
    ObjectNode wrong = tree(BASE, "sampler.search.steps=ten");
    assertThatThrownBy(() -> PipelineSpec.from(wrong, Path.of(".")).searchSampler().bind(Steps.class))
        .hasMessage("sampler.search.steps: wrong type: expected an integer");
    ObjectNode invalid = tree(BASE, "sampler.search.steps=0");
    assertThatThrownBy(() -> PipelineSpec.from(invalid, Path.of(".")).searchSampler().bind(Steps.class))
        .hasMessage("sampler.search.steps: must be at least 1, got 0");
  }

  @Test
  void syntaxErrorsNameFileLineAndColumn() {
    assertThatThrownBy(() -> ConfigLoader.parse("seed: 1\nmodel: {name: x\n", "bad.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("bad.yaml:")
        .hasMessageContaining("YAML syntax error");
    assertThatThrownBy(() -> ConfigLoader.read(Path.of("/no/such/file.yaml"), List.of()))
        .hasMessage("/no/such/file.yaml: config file not found");
  }
}
