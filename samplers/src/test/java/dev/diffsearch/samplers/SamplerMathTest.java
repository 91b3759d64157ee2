package dev.diffsearch.samplers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.core.denoise.NfeMeter;
import dev.diffsearch.api.sampling.SigmaGrid;
import dev.diffsearch.api.spi.Sampler;
import dev.diffsearch.api.spi.StepObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class SamplerMathTest {

  @AutoClose static final NDManager manager = NDManager.newBaseManager();
  static final GaussianData DATA = new GaussianData(0.3, 0.5, new Shape(1, 4, 4));
  static final int[] CLASSES = new int[8];

  private static NDArray start(NDManager m, double sigmaMax) {
    double[] v = new double[8 * 16];
    java.util.SplittableRandom r = new java.util.SplittableRandom(7);
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian() * sigmaMax;
    }
    return m.create(v, new Shape(8, 1, 4, 4));
  }

  /** Max abs error of a sampler against the exact solution, integrating σ_max → σ_min (no final step to 0). */
  private static double error(Sampler sampler, double[] grid) {
    try (NDManager m = manager.newSubManager()) {
      NDArray x = start(m, grid[0]);
      NDArray got = sampler.solve(DATA, x, CLASSES, grid, StepObserver.NONE);
      NDArray want = DATA.solve(x, grid[0], grid[grid.length - 1]);
      return got.sub(want).abs().max().getDouble();
    }
  }

  private static double[] withoutZero(double[] grid) {
    return Arrays.copyOf(grid, grid.length - 1);
  }

  private static OdeSamplerConfig config(int steps) {
    return new OdeSamplerConfig(steps, 0.002, 80.0, 7.0);
  }

  @Test
  void heunMatchesTheExactOdeSolutionWithSecondOrderConvergence() {
    List<Double> errors = new ArrayList<>();
    for (int steps : new int[] {9, 17, 33, 65}) {
      Sampler heun = new HeunSampler(config(steps));
      errors.add(error(heun, withoutZero(heun.sigmas())));
    }
    // N−1 Heun steps on the Karras grid: doubling the steps divides the error by ≈ 4
    assertThat(errors.get(3)).as("errors %s", errors).isLessThan(1e-2);
    for (int i = 0; i + 1 < errors.size(); i++) {
      double ratio = errors.get(i) / errors.get(i + 1);
      assertThat(ratio).as("error ratio %d, errors %s", i, errors).isBetween(3.0, 5.5);
    }
  }

  @Test
  void eulerConvergesAtFirstOrder() {
    double[] errors = new double[3];
    int[] steps = {33, 65, 129};
    for (int i = 0; i < steps.length; i++) {
      Sampler euler = new EulerSampler(config(steps[i]));
      errors[i] = error(euler, withoutZero(euler.sigmas()));
    }
    assertThat(errors[0] / errors[1]).isBetween(1.6, 2.4);
    assertThat(errors[1] / errors[2]).isBetween(1.6, 2.4);
  }

  @Test
  void heunWithNStepsCostsTwoNMinusOneNfePerSample() {
    for (int steps : new int[] {1, 2, 5, 18}) {
      Sampler heun = new HeunSampler(config(steps));
      NfeMeter meter = new NfeMeter(DATA);
      try (NDManager m = manager.newSubManager()) {
        heun.solve(meter, start(m, 80), CLASSES, heun.sigmas(), StepObserver.NONE);
      }
      assertThat(meter.nfe()).isEqualTo(8L * (2 * steps - 1));
      assertThat(heun.nfe(heun.sigmas())).isEqualTo(2L * steps - 1);
    }
  }

  @Test
  void eulerWithNStepsCostsNNfePerSample() {
    Sampler euler = new EulerSampler(config(12));
    NfeMeter meter = new NfeMeter(DATA);
    try (NDManager m = manager.newSubManager()) {
      euler.solve(meter, start(m, 80), CLASSES, euler.sigmas(), StepObserver.NONE);
    }
    assertThat(meter.nfe()).isEqualTo(8L * 12);
    assertThat(euler.nfe(euler.sigmas())).isEqualTo(12);
  }

  @Test
  void aSolveStoppedAtAGridPointAndResumedEqualsTheFullSolve() {
    Sampler heun = new HeunSampler(config(10));
    double[] grid = heun.sigmas();
    try (NDManager m = manager.newSubManager()) {
      NDArray x = start(m, grid[0]);
      float[] full = heun.solve(DATA, x, CLASSES, grid, StepObserver.NONE).toType(DataType.FLOAT32, false).toFloatArray();
      double mid = grid[4];
      NDArray half = heun.solve(DATA, x, CLASSES, SigmaGrid.between(grid, grid[0], mid), StepObserver.NONE);
      NDArray rest = heun.solve(DATA, half, CLASSES, SigmaGrid.between(grid, mid, 0), StepObserver.NONE);
      assertThat(rest.toType(DataType.FLOAT32, false).toFloatArray()).containsExactly(full);
    }
  }

  @Test
  void aSolveCanStopAtAnySigmaOnTheExactTrajectory() {
    Sampler heun = new HeunSampler(config(40));
    double[] grid = SigmaGrid.between(heun.sigmas(), 80, 1.234);
    assertThat(grid[grid.length - 1]).isEqualTo(1.234);
    assertThat(error(heun, grid)).isLessThan(2e-2);
  }

  @Test
  void observerSeesTheCleanPredictionAtATappedSigma() {
    Sampler heun = new HeunSampler(config(6));
    double[] grid = SigmaGrid.withPoints(heun.sigmas(), 0.4);
    assertThat(grid).contains(0.4);
    assertThat(heun.nfe(grid)).isEqualTo(2L * 7 - 1);
    try (NDManager m = manager.newSubManager()) {
      NDArray x = start(m, grid[0]);
      double[][] seen = new double[2][];
      heun.solve(DATA, x, CLASSES, grid, (step, sigma, state, denoised) -> {
        if (sigma == 0.4) {
          seen[0] = denoised.toDoubleArray();
          seen[1] = DATA.denoise(state, m.create(new double[] {0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4}), CLASSES).toDoubleArray();
        }
      });
      assertThat(seen[0]).isNotNull();
      assertThat(seen[0]).containsExactly(seen[1]);
    }
  }

  @Test
  void karrasScheduleRunsFromSigmaMaxToSigmaMinThenZero() {
    double[] s = SigmaGrid.karras(18, 0.002, 80, 7);
    assertThat(s).hasSize(19);
    assertThat(s[0]).isCloseTo(80, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s[17]).isCloseTo(0.002, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(s[18]).isZero();
    for (int i = 0; i + 1 < s.length; i++) {
      assertThat(s[i]).isGreaterThan(s[i + 1]);
    }
    double[] part = SigmaGrid.karrasBetween(80, 0.002, 17, 7);
    for (int i = 0; i < part.length; i++) {
      assertThat(part[i]).isCloseTo(s[i], org.assertj.core.data.Offset.offset(1e-9));
    }
    assertThat(SigmaGrid.karrasBetween(2.5, 0, 3, 7)).startsWith(2.5).endsWith(0.0).hasSize(4);
  }
}
