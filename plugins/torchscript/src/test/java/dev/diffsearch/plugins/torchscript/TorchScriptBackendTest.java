package dev.diffsearch.plugins.torchscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.denoise.GuidedDenoiser;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ModelContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend against the committed fixture (written by {@code export/make_fixture.py}): the module's
 * outputs match what torch computed at export time, and each parameterization and noise-input convention
 * is exactly the documented formula applied to the module's raw output.
 */
class TorchScriptBackendTest {

  /** Per value: 1e-5, relative beyond magnitude 1 (D = x − σ·ε̂ reaches ~100 at σ = 42). */
  static final double TOLERANCE = 1e-5;
  static final Shape SAMPLE = new Shape(3, 8, 8);
  static final int SIZE = (int) SAMPLE.size();

  static NDManager manager;
  static Path resources;
  static JsonNode expected;
  /** The module itself: edm with σ input passes x and the level through unchanged. */
  static Denoiser raw;

  @BeforeAll
  static void open() throws Exception {
    manager = NDManager.newBaseManager();
    resources = Path.of(TorchScriptBackendTest.class.getResource("/fixture.pt").toURI()).getParent();
    expected = new ObjectMapper().readTree(resources.resolve("fixture-expected.json").toFile());
    raw = open(config("edm", "sigma", 4), manager);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  static TorchScriptConfig config(String parameterization, String noiseInput, Integer numClasses) {
    return new TorchScriptConfig("fixture.pt", parameterization, null, numClasses, noiseInput, null, null,
        List.of(3, 8, 8));
  }

  static Denoiser open(TorchScriptConfig config, NDManager owner) {
    config.validate();
    return new TorchScriptBackend().open(config, new ModelContext(owner, resources));
  }

  static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  /** D(x; σ, classes) of {@code d} on plain arrays, in a scope of its own. */
  static float[] denoise(Denoiser d, float[] x, float[] sigma, int[] classes) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray xs = scope.create(x, new Shape(sigma.length).addAll(SAMPLE));
      NDArray out = d.denoise(xs, scope.create(sigma), classes);
      assertThat(out.getShape()).isEqualTo(xs.getShape());
      assertThat(out.getManager()).isSameAs(scope);
      return out.toFloatArray();
    }
  }

  /** x with each row multiplied by {@code scale(σ_row)}. */
  static float[] scaleRows(float[] x, float[] sigma, DoubleUnaryOperator scale) {
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) (x[i] * scale.applyAsDouble(sigma[i / SIZE]));
    }
    return out;
  }

  static float[] levels(float[] sigma, DoubleUnaryOperator f) {
    float[] out = new float[sigma.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) f.applyAsDouble(sigma[i]);
    }
    return out;
  }

  static void assertClose(float[] actual, float[] wanted) {
    assertThat(actual).hasSameSizeAs(wanted);
    double worst = 0;
    for (int i = 0; i < actual.length; i++) {
      worst = Math.max(worst, Math.abs(actual[i] - wanted[i]) / Math.max(1, Math.abs(wanted[i])));
    }
    assertThat(worst).as("max |difference| / max(1, |value|)").isLessThan(TOLERANCE);
  }

  float[] x = floats(expected.get("x"));
  float[] sigma = floats(expected.get("noise-level"));
  int[] labels = ints(expected.get("labels"));

  @Test
  void theModuleReproducesTheOutputsTorchComputedAtExportIncludingTheUnconditionalRow() {
    assertThat(labels).contains(Denoiser.UNCONDITIONAL);
    assertClose(denoise(raw, x, sigma, labels), floats(expected.get("output")));
    assertThat(raw.sampleShape()).isEqualTo(SAMPLE);
    assertThat(raw.numClasses()).isEqualTo(4);
  }

  @Test
  void epsIsVpNoisePredictionAtXOverRootOnePlusSigmaSquared() {
    // D = x − σ·ε̂(x/√(1+σ²), σ)
    Denoiser eps = open(config("eps", null, 4), manager);
    float[] e = denoise(raw, scaleRows(x, sigma, s -> 1 / Math.sqrt(1 + s * s)), sigma, labels);
    float[] want = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      want[i] = x[i] - sigma[i / SIZE] * e[i];
    }
    assertClose(denoise(eps, x, sigma, labels), want);
  }

  @Test
  void flowIsTheVelocityOfTheLinearInterpolantAtTEqualsSigmaOverOnePlusSigma() {
    // t = σ/(1+σ), x_t = x·(1−t), D = x_t − t·v̂(x_t, t)
    Denoiser flow = open(config("flow", null, 4), manager);
    float[] t = levels(sigma, s -> s / (1 + s));
    float[] xt = scaleRows(x, sigma, s -> 1 - s / (1 + s));
    float[] v = denoise(raw, xt, t, labels);
    float[] want = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      want[i] = xt[i] - t[i / SIZE] * v[i];
    }
    assertClose(denoise(flow, x, sigma, labels), want);
  }

  @Test
  void edmIsTheModuleItself() {
    Denoiser edm = open(config("edm", null, 4), manager);
    assertClose(denoise(edm, x, sigma, labels), denoise(raw, x, sigma, labels));
  }

  @Test
  void theNoiseInputConventionDecidesWhatLevelTheModuleSees() {
    DdpmSchedule linear = new DdpmSchedule(DdpmSchedule.Kind.LINEAR, 1000);
    // edm with t: D = raw(x, σ/(1+σ))
    assertClose(denoise(open(config("edm", "t", 4), manager), x, sigma, labels),
        denoise(raw, x, levels(sigma, s -> s / (1 + s)), labels));
    // edm with ddpm-timestep: D = raw(x, i) with σ_i nearest to σ
    assertClose(denoise(open(config("edm", "ddpm-timestep", 4), manager), x, sigma, labels),
        denoise(raw, x, levels(sigma, linear::nearest), labels));
    // flow with sigma: the module sees σ, not t
    float[] xt = scaleRows(x, sigma, s -> 1 / (1 + s));
    float[] v = denoise(raw, xt, sigma, labels);
    float[] want = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      want[i] = xt[i] - sigma[i / SIZE] / (1 + sigma[i / SIZE]) * v[i];
    }
    assertClose(denoise(open(config("flow", "sigma", 4), manager), x, sigma, labels), want);
  }

  @Test
  void ddpmTimestepsFollowTheConfiguredScheduleAndLength() {
    DdpmSchedule cosine = new DdpmSchedule(DdpmSchedule.Kind.COSINE, 250);
    TorchScriptConfig c = new TorchScriptConfig("fixture.pt", "eps", "class", 4, "ddpm-timestep", 250, "cosine",
        List.of(3, 8, 8));
    float[] e = denoise(raw, scaleRows(x, sigma, s -> 1 / Math.sqrt(1 + s * s)), levels(sigma, cosine::nearest), labels);
    float[] want = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      want[i] = x[i] - sigma[i / SIZE] * e[i];
    }
    assertClose(denoise(open(c, manager), x, sigma, labels), want);
  }

  @Test
  void unconditionalRowsReachTheNullClassAndGuidanceCombinesThem() {
    float[] x1 = java.util.Arrays.copyOf(x, SIZE);
    float[] s1 = {0.7f};
    float[] cond = denoise(raw, x1, s1, new int[] {2});
    float[] uncond = denoise(raw, x1, s1, new int[] {Denoiser.UNCONDITIONAL});
    assertThat(uncond).isNotEqualTo(cond);
    float[] want = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      want[i] = uncond[i] + 3 * (cond[i] - uncond[i]); // D_u + w·(D_c − D_u)
    }
    assertClose(denoise(GuidedDenoiser.wrap(raw, 3.0), x1, s1, new int[] {2}), want);
  }

  @Test
  void anUnconditionalConfigPassesMinusOneAndRefusesClasses() {
    TorchScriptConfig none = new TorchScriptConfig("fixture.pt", "edm", "none", null, null, null, null, List.of(3, 8, 8));
    Denoiser d = open(none, manager);
    assertThat(d.numClasses()).isZero();
    int[] unconditional = {-1, -1, -1, -1};
    assertClose(denoise(d, x, sigma, unconditional), denoise(raw, x, sigma, unconditional));
    assertThatThrownBy(() -> denoise(d, x, sigma, new int[] {0, -1, -1, -1}))
        .hasMessageContaining("torchscript")
        .hasMessageContaining("class 0 is out of range");
    assertThatThrownBy(() -> denoise(raw, x, sigma, new int[] {4, 0, 0, 0}))
        .hasMessageContaining("class 4 is out of range");
  }

  @Test
  void float64InputsAreComputedInFloat32AndReturnedInFloat64() {
    try (NDManager scope = manager.newSubManager()) {
      NDArray xs = scope.create(x, new Shape(4).addAll(SAMPLE)).toType(ai.djl.ndarray.types.DataType.FLOAT64, false);
      NDArray out = raw.denoise(xs, scope.create(sigma).toType(ai.djl.ndarray.types.DataType.FLOAT64, false), labels);
      assertThat(out.getDataType()).isEqualTo(ai.djl.ndarray.types.DataType.FLOAT64);
      assertClose(out.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray(), floats(expected.get("output")));
    }
  }

  @Test
  void theModuleIsReleasedWithTheRunsManager() {
    Denoiser d;
    try (NDManager run = manager.newSubManager()) {
      d = open(config("edm", null, 4), run);
      denoise(d, x, sigma, labels);
    }
    assertThatThrownBy(() -> denoise(d, x, sigma, labels)).hasMessageContaining("released");
  }

  @Test
  void aMissingFileIsAConfigErrorNamingIt() {
    TorchScriptConfig c = new TorchScriptConfig("models/nope.pt", "eps", null, 4, null, null, null, List.of(3, 8, 8));
    assertThatThrownBy(() -> open(c, manager))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("torchscript")
        .hasMessageContaining(resources.resolve("models/nope.pt").toString());
  }

  @Test
  void aFileThatIsNotTorchScriptIsAConfigError(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("notes.pt"), "not a zip archive");
    TorchScriptConfig c = new TorchScriptConfig(dir.resolve("notes.pt").toString(), "eps", null, 4, null, null, null,
        List.of(3, 8, 8));
    assertThatThrownBy(() -> open(c, manager))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("torchscript: cannot load")
        .hasMessageContaining("notes.pt: not a zip archive")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void weightsSavedWithTorchSaveAreRefusedSayingHowToExport() {
    TorchScriptConfig c = new TorchScriptConfig("state-dict.pt", "eps", null, 4, null, null, null, List.of(3, 8, 8));
    assertThatThrownBy(() -> open(c, manager))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("state-dict.pt: a torch.save archive")
        .hasMessageContaining("torch.jit.save")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aModuleReturningTheWrongShapeIsRefusedAtOpenInOneLine() {
    TorchScriptConfig c = new TorchScriptConfig("wrong-shape.pt", "eps", null, 4, null, null, null, List.of(3, 8, 8));
    assertThatThrownBy(() -> open(c, manager))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("torchscript")
        .hasMessageContaining("wrong-shape.pt")
        .hasMessageContaining("returned shape (2, 6, 8, 8) for x of shape (2, 3, 8, 8)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aSampleShapeTheModuleCannotTakeIsRefusedAtOpenWithTorchsReason() {
    TorchScriptConfig c = new TorchScriptConfig("fixture.pt", "eps", null, 4, null, null, null, List.of(2, 8, 8));
    assertThatThrownBy(() -> open(c, manager))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("torchscript: module")
        .hasMessageContaining("failed on x (2, 2, 8, 8)")
        .hasMessageContaining("channels")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
