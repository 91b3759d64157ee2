package dev.diffsearch.plugins.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.diffsearch.api.denoise.RawNetwork;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.plugins.torchscript.TorchScriptConfig.NoiseInput;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A loaded TorchScript module called in the plugin's contract,
 * {@code forward(x: f32 [B,C,H,W], noise_level: f32 [B], labels: i64 [B]) -> f32 [B,C,H,W]}, or for a
 * text-conditioned model {@code forward(x, noise_level, text: f32 [B,L,D], text_mask: i64 [B,L])}. It receives
 * the level {@link dev.diffsearch.api.denoise.Parameterization} hands a raw network (σ for edm and eps,
 * the flow time t for flow) and converts it to the module's {@link NoiseInput}.
 */
final class TorchScriptNetwork implements RawNetwork {

  private final Block block;
  private final String file;
  private final boolean levelIsFlowTime;
  private final NoiseInput input;
  private final DdpmSchedule schedule;
  private final int numClasses;

  /**
   * @param file how messages name the module (its file name)
   * @param levelIsFlowTime whether the level handed in is the flow time t (flow) rather than σ
   */
  TorchScriptNetwork(Block block, String file, boolean levelIsFlowTime, NoiseInput input, DdpmSchedule schedule,
      int numClasses) {
    this.block = block;
    this.file = file;
    this.levelIsFlowTime = levelIsFlowTime;
    this.input = input;
    this.schedule = schedule;
    this.numClasses = numClasses;
  }

  @Override
  public NDArray forward(NDArray x, NDArray level, int[] classes) {
    return call(x, level, "", scope -> new NDList(scope.create(labels(classes, (int) x.getShape().get(0)))));
  }

  /**
   * The module on {@code x} conditioned on each row's prompt embeddings: {@code forward(x, noise_level,
   * text: f32 [B, L, D], text_mask: i64 [B, L])}.
   */
  NDArray forwardText(NDArray x, NDArray level, TextEncoding rows) {
    long b = x.getShape().get(0);
    if (rows.prompts() != b) {
      throw new IllegalArgumentException("torchscript: " + rows.prompts() + " text rows for " + b + " rows of x");
    }
    Shape text = new Shape(b, rows.length(), rows.width());
    return call(x, level, " with text " + text, scope -> new NDList(
        scope.create(rows.embeddings(), text), scope.create(rows.mask(), new Shape(b, rows.length()))));
  }

  /** The module on x, its noise level and the conditioning inputs {@code condition} makes in the call's scope. */
  private NDArray call(NDArray x, NDArray level, String inputs, Function<NDManager, NDList> condition) {
    NDManager owner = x.getManager();
    Shape shape = x.getShape();
    try (NDManager scope = owner.newSubManager()) {
      NDArray xIn = x;
      if (x.getDataType() != DataType.FLOAT32) {
        xIn = x.toType(DataType.FLOAT32, false);
        xIn.attach(scope);
      }
      NDList in = new NDList(xIn, scope.create(noiseLevels(level)));
      in.addAll(condition.apply(scope));
      NDList result;
      try {
        result = block.forward(new ParameterStore(scope, false), in, false);
      } catch (RuntimeException e) {
        throw new IllegalStateException("torchscript: module " + file + " failed on x " + shape + inputs + ": "
            + summary(e), e);
      }
      result.attach(scope);
      if (result.size() != 1) {
        throw new IllegalStateException("torchscript: module " + file + " returned " + result.size()
            + " values; it must return one tensor of x's shape " + shape);
      }
      NDArray out = result.get(0);
      if (!out.getShape().equals(shape)) {
        throw new IllegalStateException("torchscript: module " + file + " returned shape " + out.getShape()
            + " for x of shape " + shape + "; it must return x's shape [B, C, H, W]");
      }
      if (out.getDataType() != x.getDataType()) {
        out = out.toType(x.getDataType(), false);
      }
      out.attach(owner);
      return out;
    }
  }

  /** The module's noise_level input for each row, as float32. */
  private float[] noiseLevels(NDArray level) {
    double[] levels;
    if (level.getDataType() == DataType.FLOAT64) {
      levels = level.toDoubleArray();
    } else {
      try (NDArray f64 = level.toType(DataType.FLOAT64, false)) {
        levels = f64.toDoubleArray();
      }
    }
    float[] out = new float[levels.length];
    for (int i = 0; i < levels.length; i++) {
      out[i] = (float) convert(levels[i]);
    }
    return out;
  }

  /** One level handed in by the adapter (σ, or t for flow) in the module's convention. */
  double convert(double level) {
    boolean passThrough = levelIsFlowTime ? input == NoiseInput.T : input == NoiseInput.SIGMA;
    if (passThrough) {
      return level;
    }
    double sigma = levelIsFlowTime ? level / (1 - level) : level; // t = σ/(1+σ) ⇔ σ = t/(1−t)
    return switch (input) {
      case SIGMA -> sigma;
      case T -> sigma / (1 + sigma);
      case DDPM_TIMESTEP -> schedule.nearest(sigma);
    };
  }

  /** The labels as int64; −1 (unconditional) is passed on for the module to map to its null class. */
  private long[] labels(int[] classes, int rows) {
    if (classes.length != rows) {
      throw new IllegalArgumentException("torchscript: " + classes.length + " classes for " + rows + " rows");
    }
    long[] out = new long[rows];
    for (int i = 0; i < rows; i++) {
      int c = classes[i];
      if (c != Denoiser.UNCONDITIONAL && (c < 0 || c >= numClasses)) {
        throw new IllegalArgumentException("torchscript: class " + c + " is out of range for module " + file
            + " (" + (numClasses == 0 ? "unconditional: only -1" : numClasses + " classes, or -1") + ") in "
            + Arrays.toString(classes));
      }
      out[i] = c;
    }
    return out;
  }

  /** The informative line of an engine error (TorchScript tracebacks end with e.g. "RuntimeError: ..."). */
  static String summary(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String first = null;
    for (String line : message.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.matches("^[A-Za-z.]*(Error|Exception): .*")) {
        return trimmed;
      }
      if (first == null) {
        first = trimmed;
      }
    }
    return first == null ? message.strip() : first;
  }
}
