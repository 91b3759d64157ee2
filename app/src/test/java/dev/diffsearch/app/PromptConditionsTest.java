package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin model conditioned on prompt text and a verifier that reads the prompt, end to end through the
 * CLI: the prompts come from a prompts file, every output is made for its prompt, the run files carry the
 * prompt, and {@code regenerate} repeats each kept image bit for bit.
 */
class PromptConditionsTest {

  /**
   * An exact Gaussian denoiser over 1×4×4 images: a prompt's images are N(μ, 0.1²) with μ = ±0.8 per pixel
   * from the bits of its text's hash (0 without a prompt). It encodes the output's conditions into their
   * means once ({@code encode}, counted in the system property {@code prompted.encodes}) and refuses calls
   * that come without that encoding; the class-label view alone is refused too.
   */
  static final String MODEL = """
      package prompted;

      import ai.djl.ndarray.NDArray;
      import ai.djl.ndarray.types.DataType;
      import ai.djl.ndarray.types.Shape;
      import dev.diffsearch.api.spi.Condition;
      import dev.diffsearch.api.spi.Conditioning;
      import dev.diffsearch.api.spi.Denoiser;
      import dev.diffsearch.api.spi.ModelBackend;
      import dev.diffsearch.api.spi.NoConfig;
      import java.util.List;

      @org.pf4j.Extension
      public class PromptModel extends ModelBackend.Of<NoConfig> {
        static final double SPREAD = 0.1;

        public PromptModel() {
          super("prompt-gaussian", "exact Gaussian per prompt", NoConfig.class, (config, context) -> open());
        }

        public static float[] mean(Condition condition) {
          float[] m = new float[16];
          if (condition.hasPrompt()) {
            int h = condition.prompt().text().hashCode();
            for (int j = 0; j < m.length; j++) {
              m[j] = ((h >>> j) & 1) == 1 ? 0.8f : -0.8f;
            }
          }
          return m;
        }

        static Denoiser open() {
          return new Denoiser() {
            @Override
            public NDArray denoise(NDArray x, NDArray sigma, int[] classes) {
              throw new IllegalStateException("prompt-gaussian needs prompts, not class labels");
            }

            @Override
            public NDArray denoise(NDArray x, NDArray sigma, Conditioning c) {
              if (!(c.encoding() instanceof float[][] means) || means.length != c.conditions().size()) {
                throw new IllegalStateException("called without prompt-gaussian's encoding");
              }
              float[] xs = x.toType(DataType.FLOAT32, false).toFloatArray();
              float[] s = sigma.toType(DataType.FLOAT32, false).toFloatArray();
              float[] out = new float[xs.length];
              for (int i = 0; i < c.size(); i++) {
                float[] m = means[c.rows()[i]];
                double k = SPREAD * SPREAD / (SPREAD * SPREAD + (double) s[i] * s[i]);
                for (int j = 0; j < 16; j++) {
                  out[i * 16 + j] = (float) (m[j] + k * (xs[i * 16 + j] - m[j]));
                }
              }
              return x.getManager().create(out, x.getShape()).toType(x.getDataType(), false);
            }

            @Override
            public Object encode(List<Condition> conditions) {
              // counted where the test (same JVM) can read it: once per output, never per evaluation
              System.setProperty("prompted.encodes", String.valueOf(Integer.getInteger("prompted.encodes", 0) + 1));
              float[][] means = new float[conditions.size()][];
              for (int i = 0; i < means.length; i++) {
                means[i] = mean(conditions.get(i));
              }
              return means;
            }

            @Override
            public boolean readsPrompts() {
              return true;
            }

            @Override
            public Shape sampleShape() {
              return new Shape(1, 4, 4);
            }
          };
        }
      }
      """;

  /** Scores a sample by how close it is to its prompt's mean: −(mean squared distance). */
  static final String VERIFIER = """
      package prompted;

      import dev.diffsearch.api.spi.NoConfig;
      import dev.diffsearch.api.spi.Verifier;
      import dev.diffsearch.api.spi.VerifierFactory;
      import dev.diffsearch.api.spi.VerifierInput;

      @org.pf4j.Extension
      public class PromptMatch extends VerifierFactory.Of<NoConfig> {
        public PromptMatch() {
          super("prompt-match", "closeness to the prompt's mean", NoConfig.class, (config, context) -> create());
        }

        static Verifier create() {
          return new Verifier() {
            @Override
            public Needs needs() {
              return Needs.PROMPT;
            }

            @Override
            public float[] score(VerifierInput input) {
              float[] x = input.samples().toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
              float[] scores = new float[input.size()];
              for (int i = 0; i < scores.length; i++) {
                if (input.prompt(i) == null) {
                  throw new IllegalStateException("row " + i + " has no prompt");
                }
                float[] m = PromptModel.mean(input.conditions().get(i));
                double d = 0;
                for (int j = 0; j < m.length; j++) {
                  d += (x[i * 16 + j] - m[j]) * (x[i * 16 + j] - m[j]);
                }
                scores[i] = (float) (-d / m.length);
              }
              return scores;
            }
          };
        }
      }
      """;

  @TempDir static Path plugins;

  @BeforeAll
  static void build() {
    Fixtures.engine();
    TestPluginJars.plugin("prompt-plugin")
        .extension("prompted.PromptModel", MODEL)
        .extension("prompted.PromptMatch", VERIFIER)
        .writeTo(plugins);
    TestPluginJars.copyReal(plugins, "gaussian-mixture.jar");
  }

  private static Path config(Path dir, String conditions) {
    Fixtures.writeText(dir, "prompts.jsonl", """
        {"id": "fox", "prompt": "a red fox in the snow", "category": "animals"}

        a blue house by the sea
        """);
    return Fixtures.writeText(dir, "prompted.yaml", """
        seed: 11
        model: {name: prompt-gaussian}
        sampler:
          search: {name: heun, steps: 4}
          final: {name: heun, steps: 6}
        verifier: {name: prompt-match}
        search: {name: random, nfe: 28, max-batch: 2}
        conditions: %s
        """.formatted(conditions));
  }

  /** {@code config} with another {@code model:} block, written beside it. */
  private static Path withModel(Path dir, Path config, String model) {
    return Fixtures.writeText(dir, "model.yaml", Fixtures.lines(config).stream()
        .map(l -> l.startsWith("model:") ? "model: " + model : l).reduce("", (a, b) -> a + b + "\n"));
  }

  private static Cli.Result run(Path config, Path out) {
    return Cli.run("run", config.toString(), "--out", out.toString(), "--plugins-dir", plugins.toString(),
        "--no-progress");
  }

  @Test
  void aPromptModelAndAPromptVerifierRunEndToEndAndRegenerateBitIdentically(@TempDir Path tmp) throws IOException {
    Path run = tmp.resolve("run");
    System.clearProperty("prompted.encodes");
    Cli.Result r = run(config(tmp, "{prompts-file: prompts.jsonl, samples-per-prompt: 2}"), run);
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    // 4 outputs of 4 candidates × 7 NFE and a final solve each: one encoding per output
    assertThat(Integer.getInteger("prompted.encodes")).isEqualTo(4);

    JsonNode outputs = Fixtures.readJson(run.resolve("summary.json")).path("outputs");
    List<String> ids = new ArrayList<>();
    outputs.forEach(o -> ids.add(o.path("id").asText()));
    assertThat(ids).containsExactly("o0000-p0000-s000", "o0001-p0000-s001", "o0002-p0001-s000", "o0003-p0001-s001");
    JsonNode fox = outputs.get(1).path("prompt");
    assertThat(fox.path("id").asText()).isEqualTo("fox");
    assertThat(fox.path("text").asText()).isEqualTo("a red fox in the snow");
    assertThat(fox.path("metadata").path("category").asText()).isEqualTo("animals");
    JsonNode house = outputs.get(2).path("prompt");
    assertThat(house.path("id").asText()).isEqualTo("p0001"); // a plain line gets its position as id
    assertThat(house.path("text").asText()).isEqualTo("a blue house by the sea");
    for (JsonNode o : outputs) {
      // each kept sample lies near its own prompt's mean (±0.8 per pixel, spread 0.1): the model read the
      // prompt, and so did the verifier; another prompt's mean is ≥ 0.64 away per differing pixel
      assertThat(o.path("best-score").asDouble()).as(o.toString()).isGreaterThan(-0.1);
    }

    List<JsonNode> candidates = Fixtures.candidates(run);
    assertThat(candidates).hasSize(16); // 4 outputs × 28 NFE / 7 NFE
    for (JsonNode c : candidates) {
      String prompt = c.path("output").asText().contains("-p0000-") ? "a red fox in the snow" : "a blue house by the sea";
      assertThat(c.path("prompt").path("text").asText()).as(c.toString()).isEqualTo(prompt);
    }
    assertThat(Fixtures.readJson(run.resolve("run.json")).path("outputs").get(3).path("prompt").path("id").asText())
        .isEqualTo("p0001");

    for (String id : ids) {
      Path png = tmp.resolve(id + ".png");
      Cli.Result regen = Cli.run("regenerate", run.toString(), "--output", id, "--png", png.toString(),
          "--plugins-dir", plugins.toString());
      assertThat(regen.exitCode()).as(regen.transcript()).isZero();
      assertThat(Files.readAllBytes(png)).isEqualTo(Files.readAllBytes(run.resolve("images").resolve(id + ".png")));
    }
    assertThat(Integer.getInteger("prompted.encodes")).isEqualTo(8); // one more per regenerated output
    // two prompts, two different images
    assertThat(Files.readAllBytes(run.resolve("images").resolve("o0000-p0000-s000.png")))
        .isNotEqualTo(Files.readAllBytes(run.resolve("images").resolve("o0002-p0001-s000.png")));
  }

  @Test
  void inlinePromptsWithGuidanceUseTheModelsNullCondition(@TempDir Path tmp) {
    Path config = config(tmp, "{prompts: ['a red fox in the snow', {id: house, prompt: 'a blue house by the sea'}]}");
    Path guided = withModel(tmp, config, "{name: prompt-gaussian, guidance: 2.0}");
    Path run = tmp.resolve("run");
    Cli.Result r = run(guided, run);
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    JsonNode outputs = Fixtures.readJson(run.resolve("summary.json")).path("outputs");
    assertThat(outputs.get(1).path("id").asText()).isEqualTo("o0001-p0001-s000");
    assertThat(outputs.get(1).path("prompt").path("id").asText()).isEqualTo("house");
    for (JsonNode o : outputs) {
      assertThat(o.path("forward-passes").asLong()).isEqualTo(2 * (o.path("search-nfe").asLong() + o.path("final-nfe").asLong()));
    }
  }

  @Test
  void aPromptVerifierOnAClassRunIsRefusedInOneLine(@TempDir Path tmp) {
    Cli.Result r = run(config(tmp, "{}"), tmp.resolve("run")); // unconditional
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).containsExactly(
        "error: verifier.name: verifier 'prompt-match' needs a prompt: set conditions.prompts or conditions.prompts-file");
  }

  @Test
  void promptsForAModelThatDoesNotReadThemAreRefusedInOneLine(@TempDir Path tmp) {
    Path config = config(tmp, "{prompts: ['a red fox in the snow']}");
    Path classModel = withModel(tmp, config, "{name: gaussian-mixture}");
    Cli.Result r = run(classModel, tmp.resolve("run"));
    assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
    assertThat(r.errorLines()).containsExactly("error: conditions: prompts need a model that reads them; model "
        + "'gaussian-mixture' does not read prompts (it is conditioned on 10 classes: set conditions.classes)");
    assertThat(tmp.resolve("run")).doesNotExist();
  }
}
