package dev.diffsearch.plugins.torchscript;

import static dev.diffsearch.plugins.torchscript.TorchScriptBackendTest.assertClose;
import static dev.diffsearch.plugins.torchscript.TorchScriptBackendTest.floats;
import static dev.diffsearch.plugins.torchscript.TorchScriptBackendTest.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.denoise.GuidedDenoiser;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ModelContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text conditioning against the committed text fixture (written by {@code export/make_text_fixture.py}):
 * the tokenizer.json read through DJL's Hugging Face tokenizers gives the ids the script computed, the
 * encoder and denoiser reproduce torch's outputs, prompts are encoded once per output and never per
 * evaluation, guidance runs on the empty prompt, precomputed embeddings give what the encoder gives, and
 * every bad input is one line naming its key and file.
 */
class TextConditioningTest {

  static final Shape SAMPLE = TorchScriptBackendTest.SAMPLE;
  static final int SIZE = TorchScriptBackendTest.SIZE;
  static final int LENGTH = 8;

  static NDManager manager;
  static Path resources;
  static JsonNode expected;
  static List<Condition> prompts;
  /** The text fixture with its encoder, in edm form with σ input: the module's own output. */
  static Denoiser encoded;

  @BeforeAll
  static void open() throws Exception {
    manager = NDManager.newBaseManager();
    resources = Path.of(TextConditioningTest.class.getResource("/text-denoiser.pt").toURI()).getParent();
    expected = new ObjectMapper().readTree(resources.resolve("text-expected.json").toFile());
    prompts = new ArrayList<>();
    for (JsonNode p : expected.get("prompts")) {
      prompts.add(Condition.ofPrompt(new Condition.Prompt("p" + prompts.size(), p.asText())));
    }
    encoded = open(config("edm", encoder()), manager);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  static TorchScriptConfig.Text encoder() {
    return new TorchScriptConfig.Text("text-encoder.pt", "tokenizer.json", LENGTH, null, null, null);
  }

  static TorchScriptConfig.Text precomputed() {
    return new TorchScriptConfig.Text(null, null, null, "text-embeddings.npy", "text-mask.npy", "text-prompts.jsonl");
  }

  static TorchScriptConfig config(String parameterization, TorchScriptConfig.Text text) {
    return config("text-denoiser.pt", parameterization, text);
  }

  static TorchScriptConfig config(String path, String parameterization, TorchScriptConfig.Text text) {
    return new TorchScriptConfig(path, parameterization, null, null, "sigma", null, null, List.of(3, 8, 8), text);
  }

  static Denoiser open(TorchScriptConfig config, NDManager owner) {
    return open(config, owner, resources);
  }

  static Denoiser open(TorchScriptConfig config, NDManager owner, Path base) {
    config.validate();
    return new TorchScriptBackend().open(config, new ModelContext(owner, base));
  }

  /** D(x; σ) of {@code d} with row i conditioned on {@code conditions.get(rows[i])}, encoded once here. */
  static float[] denoise(Denoiser d, float[] x, float[] sigma, List<Condition> conditions, int[] rows) {
    return denoise(d, x, sigma, new Conditioning(conditions, d.encode(conditions), rows));
  }

  static float[] denoise(Denoiser d, float[] x, float[] sigma, Conditioning conditioning) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray xs = scope.create(x, new Shape(sigma.length).addAll(SAMPLE));
      NDArray out = d.denoise(xs, scope.create(sigma), conditioning);
      assertThat(out.getShape()).isEqualTo(xs.getShape());
      return out.toFloatArray();
    }
  }

  float[] x = floats(expected.get("x"));
  float[] sigma = floats(expected.get("noise-level"));
  int[] rows = ints(expected.get("rows"));

  @Test
  void theTokenizerJsonIsReadOfflineByDjlsHuggingFaceTokenizersAsTheExportScriptTokenized() throws Exception {
    try (HfTokenizer tokenizer = HfTokenizer.open(resources.resolve("tokenizer.json"), LENGTH)) {
      for (int p = 0; p < prompts.size(); p++) {
        long[] ids = new long[LENGTH];
        long[] mask = new long[LENGTH];
        tokenizer.tokenize(prompts.get(p).prompt().text(), ids, mask, 0);
        String text = '"' + prompts.get(p).prompt().text() + '"';
        assertThat(ids).as(text).containsExactly(longs(expected.get("ids").get(p)));
        assertThat(mask).as(text).containsExactly(longs(expected.get("mask").get(p)));
      }
    }
  }

  @Test
  void theEncoderAndTheModuleReproduceTheOutputsTorchComputedAtExportAndThePromptDecides() {
    assertThat(encoded.readsPrompts()).isTrue();
    assertThat(encoded.numClasses()).isZero();
    float[] out = denoise(encoded, x, sigma, prompts, rows);
    assertClose(out, floats(expected.get("output")));
    // row 0 again with another prompt: another output
    int[] other = rows.clone();
    other[0] = 2;
    float[] changed = denoise(encoded, x, sigma, prompts, other);
    assertThat(Arrays.copyOf(changed, SIZE)).isNotEqualTo(Arrays.copyOf(out, SIZE));
    assertThat(Arrays.copyOfRange(changed, SIZE, changed.length)).isEqualTo(Arrays.copyOfRange(out, SIZE, out.length));
  }

  @Test
  void promptsAreEncodedOnceForAllTheirRowsAndNeverPerEvaluation() {
    long before = EncodedText.FORWARD_PASSES.get();
    List<Condition> two = List.of(prompts.get(1), prompts.get(2));
    Object encoding = encoded.encode(two);
    assertThat(EncodedText.FORWARD_PASSES.get() - before).isEqualTo(1); // one batch for both prompts
    for (int i = 0; i < 5; i++) {
      denoise(encoded, x, sigma, new Conditioning(two, encoding, new int[] {0, 1, 1, 0}));
    }
    assertThat(EncodedText.FORWARD_PASSES.get() - before).isEqualTo(1);
    assertThatThrownBy(() -> denoise(encoded, x, sigma, new Conditioning(two, null, new int[] {0, 1, 1, 0})))
        .hasMessageContaining("without the encoding of its prompts");
  }

  @Test
  void guidanceRunsTheUnconditionalRowsOnTheEmptyPromptEncodedWithTheOutputsPrompt() {
    assertThat(encoded.nullCondition().prompt().text()).isEmpty();
    Condition prompt = prompts.get(1);
    float[] x1 = Arrays.copyOf(x, SIZE);
    float[] s1 = {0.7f};
    float[] cond = denoise(encoded, x1, s1, List.of(prompt), new int[] {0});
    float[] uncond = denoise(encoded, x1, s1, List.of(encoded.nullCondition()), new int[] {0});
    // the fixture's empty prompt row is the same as an output without a prompt
    assertThat(denoise(encoded, x1, s1, List.of(Condition.UNCONDITIONAL), new int[] {0})).isEqualTo(uncond);
    assertThat(uncond).isNotEqualTo(cond);
    float[] want = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      want[i] = uncond[i] + 3 * (cond[i] - uncond[i]); // D_u + w·(D_c − D_u)
    }
    Denoiser guided = GuidedDenoiser.wrap(encoded, 3.0);
    long before = EncodedText.FORWARD_PASSES.get();
    Object encoding = guided.encode(List.of(prompt)); // the prompt and the empty prompt, one pass
    assertThat(EncodedText.FORWARD_PASSES.get() - before).isEqualTo(1);
    assertThat(((TextEncoding) encoding).prompts()).isEqualTo(2);
    assertClose(denoise(guided, x1, s1, Conditioning.repeat(prompt, encoding, 1)), want);
  }

  @Test
  void precomputedEmbeddingsGiveWhatTheEncoderGives() {
    Denoiser fromFiles = open(config("edm", precomputed()), manager);
    assertThat(fromFiles.readsPrompts()).isTrue();
    TextEncoding files = (TextEncoding) fromFiles.encode(prompts);
    TextEncoding live = (TextEncoding) encoded.encode(prompts);
    assertThat(files.mask()).containsExactly(live.mask());
    assertClose(files.embeddings(), live.embeddings());
    assertClose(denoise(fromFiles, x, sigma, prompts, rows), floats(expected.get("output")));
    // the order of the conditions, not of the file, decides the rows
    List<Condition> reversed = new ArrayList<>(prompts);
    java.util.Collections.reverse(reversed);
    int[] reversedRows = Arrays.stream(rows).map(r -> prompts.size() - 1 - r).toArray();
    assertClose(denoise(fromFiles, x, sigma, reversed, reversedRows), floats(expected.get("output")));
  }

  @Test
  void epsAndFlowAdaptTheTextModuleByTheSameFormulasAsClassModules() {
    Denoiser eps = open(config("eps", encoder()), manager);
    float[] e = denoise(encoded, TorchScriptBackendTest.scaleRows(x, sigma, s -> 1 / Math.sqrt(1 + s * s)), sigma,
        prompts, rows);
    float[] want = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      want[i] = x[i] - sigma[i / SIZE] * e[i];
    }
    assertClose(denoise(eps, x, sigma, prompts, rows), want);

    TorchScriptConfig flowConfig = new TorchScriptConfig("text-denoiser.pt", "flow", null, null, null, null, null,
        List.of(3, 8, 8), encoder()); // noise-input t by default
    float[] t = TorchScriptBackendTest.levels(sigma, s -> s / (1 + s));
    float[] xt = TorchScriptBackendTest.scaleRows(x, sigma, s -> 1 - s / (1 + s));
    float[] v = denoise(encoded, xt, t, prompts, rows);
    for (int i = 0; i < x.length; i++) {
      want[i] = xt[i] - t[i / SIZE] * v[i];
    }
    assertClose(denoise(open(flowConfig, manager), x, sigma, prompts, rows), want);
  }

  @Test
  void classLabelsAreRefusedByATextModel() {
    assertThatThrownBy(() -> encoded.encode(List.of(Condition.ofClass(2))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("conditions: torchscript: module")
        .hasMessageContaining("is text-conditioned (model.text): set conditions.prompts or conditions.prompts-file, not class 2");
    try (NDManager scope = manager.newSubManager()) {
      assertThatThrownBy(() -> encoded.denoise(scope.zeros(new Shape(1).addAll(SAMPLE)), scope.ones(new Shape(1)),
          new int[] {0}))
          .hasMessageContaining("reads prompts, not class labels");
    }
  }

  @Test
  void theTextModelIsReleasedWithTheRunsManagerEncoderAndTokenizerToo() {
    Denoiser d;
    Object encoding;
    try (NDManager run = manager.newSubManager()) {
      d = open(config("edm", encoder()), run);
      encoding = d.encode(prompts);
    }
    assertThatThrownBy(() -> denoise(d, x, sigma, new Conditioning(prompts, encoding, rows)))
        .hasMessageContaining("released");
    assertThatThrownBy(() -> d.encode(prompts)).hasMessageContaining("release"); // the tokenizer's native handle
  }

  // ---- bad input: one line at its key, naming the file

  @Test
  void aMissingEncoderOrTokenizerIsAConfigErrorNamingTheFile() {
    assertOneLine(() -> open(config("edm", new TorchScriptConfig.Text("no-encoder.pt", "tokenizer.json", 8, null, null, null)),
        manager), "text.encoder", "torchscript: no text encoder file at " + resources.resolve("no-encoder.pt"));
    assertOneLine(() -> open(config("edm", new TorchScriptConfig.Text("text-encoder.pt", "no-tokenizer.json", 8, null, null,
        null)), manager), "text.tokenizer", "torchscript: no tokenizer file at " + resources.resolve("no-tokenizer.json"));
  }

  @Test
  void aTokenizerJsonThatIsNotOneIsAConfigErrorNamingIt(@TempDir Path dir) throws Exception {
    Files.copy(resources.resolve("text-denoiser.pt"), dir.resolve("text-denoiser.pt"));
    Files.copy(resources.resolve("text-encoder.pt"), dir.resolve("text-encoder.pt"));
    Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"NoSuchModel\"}}");
    assertOneLine(() -> open(config("edm", encoder()), manager, dir), "text.tokenizer",
        "torchscript: cannot read " + dir.resolve("tokenizer.json") + " as a Hugging Face tokenizer.json");
  }

  @Test
  void aModuleWithTheClassSignatureIsRefusedAtOpenWithTorchsReason() {
    // fixture.pt is forward(x, noise_level, labels): one argument too many
    assertOneLine(() -> open(config("fixture.pt", "edm", encoder()), manager), "path",
        "torchscript: module " + resources.resolve("fixture.pt") + " failed on x (2, 3, 8, 8) with text (2, 8, 8)");
  }

  @Test
  void aTextModuleReturningTheWrongShapeIsRefusedAtOpen() {
    assertOneLine(() -> open(config("text-wrong-shape.pt", "eps", encoder()), manager), "path",
        "returned shape (2, 6, 8, 8) for x of shape (2, 3, 8, 8)");
  }

  @Test
  void anEncoderThatBreaksTheContractIsRefusedAtOpen() {
    assertOneLine(() -> open(config("edm", new TorchScriptConfig.Text("pooled-encoder.pt", "tokenizer.json", 8, null, null,
        null)), manager), "text.encoder", "torchscript: text encoder " + resources.resolve("pooled-encoder.pt")
        + " returned shape (1, 4) for input ids (1, 8); it must return one tensor of token embeddings [B, L, D]");
    // the denoiser as an encoder: the wrong signature
    assertOneLine(() -> open(config("edm", new TorchScriptConfig.Text("text-denoiser.pt", "tokenizer.json", 8, null, null,
        null)), manager), "text.encoder", "torchscript: text encoder " + resources.resolve("text-denoiser.pt")
        + " failed on input ids (1, 8)");
    // more token positions than the encoder has position embeddings for
    assertOneLine(() -> open(config("edm", new TorchScriptConfig.Text("text-encoder.pt", "tokenizer.json", 12, null, null,
        null)), manager), "text.encoder", "failed on input ids (1, 12)");
  }

  @Test
  void aPromptThatIsNotInTheEmbeddingsFileIsAnErrorNamingFileAndPrompt() {
    Denoiser fromFiles = open(config("edm", precomputed()), manager);
    Condition missing = Condition.ofPrompt(new Condition.Prompt("p9", "a purple star"));
    assertOneLine(() -> fromFiles.encode(List.of(prompts.get(1), missing)), "model.text.prompts",
        "torchscript: prompt \"a purple star\" is not in " + resources.resolve("text-prompts.jsonl"));
  }

  @Test
  void withoutAnEmptyPromptRowGuidanceSaysWhatIsMissing(@TempDir Path dir) throws Exception {
    copyPrecomputed(dir);
    List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("text-prompts.jsonl")));
    lines.set(0, "{\"prompt\": \"something else\"}");
    Files.write(dir.resolve("text-prompts.jsonl"), lines);
    Denoiser guided = GuidedDenoiser.wrap(open(config("edm", precomputed()), manager, dir), 2.0);
    assertOneLine(() -> guided.encode(List.of(prompts.get(1))), "model.text.prompts",
        "prompt \"\" is not in " + dir.resolve("text-prompts.jsonl") + " (the empty prompt is guidance's null condition");
  }

  @Test
  void badPrecomputedFilesAreErrorsNamingFileAndLine(@TempDir Path dir) throws Exception {
    copyPrecomputed(dir);
    Path promptsFile = dir.resolve("text-prompts.jsonl");
    List<String> lines = Files.readAllLines(promptsFile);
    Files.write(promptsFile, lines.subList(0, 3));
    assertOneLine(() -> open(config("edm", precomputed()), manager, dir), "text.prompts",
        promptsFile + " names 3 prompts for 5 rows of embeddings");
    List<String> bad = new ArrayList<>(lines);
    bad.set(2, "{\"prompt\": \"two green triangles\"");
    Files.write(promptsFile, bad);
    assertOneLine(() -> open(config("edm", precomputed()), manager, dir), "text.prompts", promptsFile + " line 3: not JSON");
    bad.set(2, "{\"text\": \"two green triangles\"}");
    Files.write(promptsFile, bad);
    assertOneLine(() -> open(config("edm", precomputed()), manager, dir), "text.prompts",
        promptsFile + " line 3: no \"prompt\" string");
    bad.set(2, lines.get(1));
    Files.write(promptsFile, bad);
    assertOneLine(() -> open(config("edm", precomputed()), manager, dir), "text.prompts", "line 3: prompt \"a red circle to "
        + "the left of a blue square\" repeats line 2");
    Files.write(promptsFile, lines);
    Files.copy(resources.resolve("text-mask.npy"), dir.resolve("text-embeddings.npy"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertOneLine(() -> open(config("edm", precomputed()), manager, dir), "text.embeddings",
        dir.resolve("text-embeddings.npy") + " holds shape [5, 8]; token embeddings are [P, L, D]");
    Files.delete(dir.resolve("text-embeddings.npy"));
    assertOneLine(() -> open(config("edm", precomputed()), manager, dir), "text.embeddings",
        "torchscript: no embeddings file at " + dir.resolve("text-embeddings.npy"));
  }

  @Test
  void precomputedEmbeddingsWithoutAMaskAreAllTokens(@TempDir Path dir) throws Exception {
    copyPrecomputed(dir);
    TorchScriptConfig.Text noMask = new TorchScriptConfig.Text(null, null, null, "text-embeddings.npy", null,
        "text-prompts.jsonl");
    TextEncoding e = (TextEncoding) open(config("edm", noMask), manager, dir).encode(List.of(prompts.get(2)));
    assertThat(e.mask()).containsOnly(1L).hasSize(LENGTH);
  }

  static void copyPrecomputed(Path dir) throws Exception {
    for (String f : List.of("text-denoiser.pt", "text-embeddings.npy", "text-mask.npy", "text-prompts.jsonl")) {
      Files.copy(resources.resolve(f), dir.resolve(f));
    }
  }

  static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }

  static void assertOneLine(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String path, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).path()).isEqualTo(path))
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
