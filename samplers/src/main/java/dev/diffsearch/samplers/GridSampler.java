package dev.diffsearch.samplers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.Sampler;
import dev.diffsearch.api.spi.StepObserver;
import dev.diffsearch.core.denoise.UploadBuffer;
import java.util.Arrays;

/**
 * A one-step method walked along a σ grid. The state between steps is kept as one float32 Java array
 * and each update is a single pass over it: on the CPU engine an element-wise NDArray operation costs
 * tens of microseconds of call overhead, far more than the arithmetic, so a step costs only the
 * denoiser calls plus one bulk copy in and out per evaluation. Each step's arrays live in their own
 * scope.
 */
abstract class GridSampler implements Sampler {

  private final double[] sigmas;

  GridSampler(OdeSamplerConfig config) {
    this.sigmas = config.sigmas();
  }

  @Override
  public final double[] sigmas() {
    return sigmas.clone();
  }

  @Override
  public final NDArray solve(Denoiser denoiser, NDArray x, Conditioning conditioning, double[] grid, StepObserver observer) {
    NDManager owner = x.getManager();
    float[] state = new float[Math.toIntExact(x.size())];
    copyOut(x.toType(DataType.FLOAT32, false), state);
    walk(denoiser, owner, x, state, x.getShape(), x.getDataType(), conditioning, grid, observer);
    return owner.create(state, x.getShape()).toType(x.getDataType(), false);
  }

  @Override
  public final float[] solve(Denoiser denoiser, NDManager manager, float[] x, Shape shape, Conditioning conditioning,
      double[] grid, StepObserver observer) {
    float[] state = x.clone();
    walk(denoiser, manager, null, state, shape, DataType.FLOAT32, conditioning, grid, observer);
    return state;
  }

  /** Steps {@code state} in place along the grid; {@code first} is the state as an NDArray, if one exists. */
  private void walk(Denoiser denoiser, NDManager owner, NDArray first, float[] state, Shape shape, DataType type,
      Conditioning conditioning, double[] grid, StepObserver observer) {
    Workspace work = Workspace.take(state.length);
    try {
      for (int i = 0; i < grid.length - 1; i++) {
        try (NDManager scope = owner.newSubManager()) {
          NDArray xi = i == 0 && first != null ? first : work.stateUpload.upload(scope, state, shape).toType(type, false);
          step(denoiser, scope, xi, state, work, grid[i], grid[i + 1], conditioning, i, observer);
        }
      }
    } finally {
      Workspace.giveBack(work);
    }
  }

  /**
   * Arrays a solve reuses at every step, so stepping allocates nothing per element; kept per thread between
   * solves of the same size (searches solve many short segments), checked out while in use.
   */
  static final class Workspace {
    private static final ThreadLocal<Workspace> SPARE = new ThreadLocal<>();

    final float[] denoised;
    final float[] denoisedNext;
    final float[] euler;
    /** Uploads of the state and of the Euler point: each array lives within one step. */
    final UploadBuffer stateUpload = new UploadBuffer();
    final UploadBuffer eulerUpload = new UploadBuffer();

    Workspace(int n) {
      denoised = new float[n];
      denoisedNext = new float[n];
      euler = new float[n];
    }

    /** This thread's spare workspace if it has the size, else a new one. */
    static Workspace take(int n) {
      Workspace spare = SPARE.get();
      SPARE.remove();
      return spare != null && spare.euler.length == n ? spare : new Workspace(n);
    }

    static void giveBack(Workspace work) {
      SPARE.set(work);
    }
  }

  /**
   * One step from σ = {@code s} (grid point {@code i}) to {@code sNext}, updating the state in place.
   *
   * @param scope closes when the step ends: the step's own arrays go here
   * @param x the state as an NDArray (for the denoiser)
   * @param xs the same state as floats; holds the state at {@code sNext} on return
   */
  abstract void step(Denoiser denoiser, NDManager scope, NDArray x, float[] xs, Workspace work, double s, double sNext,
      Conditioning conditioning, int i, StepObserver observer);

  /** out = a·u + b·v, element-wise (a plain float loop the JIT vectorizes); out may be u or v. */
  static void combine(float[] out, float[] u, float a, float[] v, float b) {
    for (int j = 0; j < out.length; j++) {
      out[j] = a * u[j] + b * v[j];
    }
  }

  /** out = a·u + b·v + c·w, element-wise; out may be one of the inputs. */
  static void combine(float[] out, float[] u, float a, float[] v, float b, float[] w, float c) {
    for (int j = 0; j < out.length; j++) {
      out[j] = a * u[j] + b * v[j] + c * w[j];
    }
  }

  /** D(x; σ) for a batch at one σ, reported to the observer as grid point {@code i}, copied in bulk to {@code out}. */
  static void denoise(Denoiser d, NDManager scope, NDArray x, double sigma, Conditioning conditioning, int i, StepObserver observer,
      float[] out) {
    int rows = (int) x.getShape().get(0);
    NDArray s;
    if (x.getDataType() == DataType.FLOAT64) {
      double[] levels = new double[rows];
      Arrays.fill(levels, sigma);
      s = scope.create(levels);
    } else {
      float[] levels = new float[rows];
      Arrays.fill(levels, (float) sigma);
      s = scope.create(levels).toType(x.getDataType(), false);
    }
    NDArray denoised = d.denoise(x, s, conditioning);
    observer.onDenoised(i, sigma, x, denoised);
    copyOut(denoised.toType(DataType.FLOAT32, false), out);
  }

  /** Copies a float32 array into {@code out}, read through a view of its memory where the engine offers one. */
  static void copyOut(NDArray array, float[] out) {
    array.toByteBuffer(true).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer().get(out);
  }
}
