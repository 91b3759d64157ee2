package dev.diffsearch.plugins.torchscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.diffsearch.core.config.ConfigBinder;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.core.config.ConfigLoader;
import dev.diffsearch.plugins.torchscript.TorchScriptConfig.NoiseInput;
import org.junit.jupiter.api.Test;

/** The model block binds from YAML with kebab-case keys, defaults per parameterization, and errors at the key. */
class TorchScriptConfigTest {

  static TorchScriptConfig bind(String yaml) {
    return ConfigBinder.bind(ConfigLoader.parse(yaml, "test"), TorchScriptConfig.class, "model");
  }

  static final String BASE = "path: m.pt\nsample-shape: [3, 32, 32]\n";

  @Test
  void aFlowModelSeesTAndEverythingElseSigmaByDefault() {
    TorchScriptConfig flow = bind(BASE + "parameterization: flow\n");
    assertThat(flow.levelInput()).isEqualTo(NoiseInput.T);
    assertThat(flow.classes()).isZero();
    assertThat(bind(BASE + "parameterization: eps\nnum-classes: 10\n").levelInput()).isEqualTo(NoiseInput.SIGMA);
    assertThat(bind(BASE + "parameterization: eps\nnum-classes: 10\n").classes()).isEqualTo(10);
    assertThat(bind(BASE + "parameterization: edm\n").schedule()).isNull();
  }

  @Test
  void ddpmTimestepsDefaultToALinearScheduleOfAThousand() {
    DdpmSchedule schedule = bind(BASE + "parameterization: eps\nnoise-input: ddpm-timestep\n").schedule();
    assertThat(schedule.timesteps()).isEqualTo(1000);
    assertThat(schedule.kind()).isEqualTo(DdpmSchedule.Kind.LINEAR);
    DdpmSchedule cosine = bind(BASE + "parameterization: eps\nnoise-input: ddpm-timestep\ntimesteps: 4000\n"
        + "beta-schedule: cosine\nconditioning: class\nnum-classes: 1000\n").schedule();
    assertThat(cosine.timesteps()).isEqualTo(4000);
    assertThat(cosine.kind()).isEqualTo(DdpmSchedule.Kind.COSINE);
  }

  @Test
  void badValuesAreErrorsNamingTheirKey() {
    assertError("sample-shape: [3, 8, 8]\nparameterization: eps\n", "model.path", "required");
    assertError(BASE, "model.parameterization", "required");
    assertError(BASE + "parameterization: v\n", "model.parameterization", "unknown parameterization 'v'");
    assertError(BASE + "parameterization: eps\nconditioning: class\n", "model.num-classes", "required with conditioning: class");
    assertError(BASE + "parameterization: eps\nconditioning: none\nnum-classes: 3\n", "model.num-classes", "not allowed");
    assertError(BASE + "parameterization: eps\nconditioning: text\n", "model.conditioning", "'class' or 'none'");
    assertError(BASE + "parameterization: eps\nnum-classes: 0\n", "model.num-classes", "at least 1");
    assertError(BASE + "parameterization: eps\nnoise-input: alpha\n", "model.noise-input", "sigma, t, ddpm-timestep");
    assertError(BASE + "parameterization: eps\ntimesteps: 1000\n", "model.timesteps", "only with noise-input: ddpm-timestep");
    assertError(BASE + "parameterization: eps\nbeta-schedule: cosine\n", "model.beta-schedule", "only with");
    assertError(BASE + "parameterization: eps\nnoise-input: ddpm-timestep\nbeta-schedule: sqrt\n", "model.beta-schedule",
        "linear, cosine");
    assertError("path: m.pt\nparameterization: eps\nsample-shape: [8, 8]\n", "model.sample-shape", "[C, H, W]");
    assertError("path: m.pt\nparameterization: eps\n", "model.sample-shape", "required");
    assertError(BASE + "parameterization: eps\nguidance-scale: 4\n", "model.guidance-scale", "unknown key");
  }

  @Test
  void aTextBlockMakesATextConditionedModelFromAnEncoderOrPrecomputedEmbeddings() {
    TorchScriptConfig encoded = bind(BASE + "parameterization: flow\ntext: {encoder: e.pt, tokenizer: tokenizer.json, max-length: 16}\n");
    assertThat(encoded.textConditioned()).isTrue();
    assertThat(encoded.text().encoded()).isTrue();
    assertThat(encoded.text().length()).isEqualTo(16);
    assertThat(encoded.classes()).isZero();
    assertThat(bind(BASE + "parameterization: eps\ntext: {encoder: e.pt, tokenizer: t.json}\n").text().length()).isEqualTo(77);
    TorchScriptConfig precomputed = bind(BASE + "parameterization: eps\ntext: {embeddings: e.npy, prompts: p.jsonl}\n");
    assertThat(precomputed.text().encoded()).isFalse();
    assertThat(precomputed.text().mask()).isNull();
    assertThat(bind(BASE + "parameterization: eps\n").textConditioned()).isFalse();
  }

  @Test
  void badTextBlocksAreErrorsNamingTheirKey() {
    String[][] cases = {
        // text block, key, message
        {"{}", "model.text", "needs encoder and tokenizer"},
        {"{encoder: e.pt}", "model.text.tokenizer", "required: the encoder's Hugging Face tokenizer.json"},
        {"{tokenizer: t.json}", "model.text.encoder", "required"},
        {"{max-length: 8}", "model.text.encoder", "required"},
        {"{encoder: e.pt, tokenizer: t.json, max-length: 1}", "model.text.max-length", "between 2 and"},
        {"{encoder: e.pt, tokenizer: t.json, embeddings: e.npy}", "model.text.embeddings", "not allowed with text.encoder"},
        {"{embeddings: e.npy}", "model.text.prompts", "required"},
        {"{prompts: p.jsonl, mask: m.npy}", "model.text.embeddings", "required"},
        {"{encoder: e.pt, vocab: t.json}", "model.text.vocab", "unknown key"},
    };
    for (String[] c : cases) {
      assertError(BASE + "parameterization: eps\ntext: " + c[0] + "\n", c[1], c[2]);
    }
    String text = "text: {encoder: e.pt, tokenizer: t.json}\n";
    assertError(BASE + "parameterization: eps\nnum-classes: 4\n" + text, "model.num-classes", "not allowed with text");
    assertError(BASE + "parameterization: eps\nconditioning: none\n" + text, "model.conditioning", "not allowed with text");
  }

  private static void assertError(String yaml, String path, String message) {
    assertThatThrownBy(() -> bind(yaml))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).path()).isEqualTo(path))
        .hasMessageContaining(message);
  }
}
