package dev.diffsearch.api.sampling;

import java.util.Arrays;
import java.util.TreeSet;

/** Operations on descending grids of noise levels. */
public final class SigmaGrid {

  /**
   * The largest noise level a config may name (σ_max, checkpoints, taps, rungs): far above any model's
   * (EDM's σ_max is 80, the largest VE models' about 1,400), low enough that σ² and states stay finite in
   * float32.
   */
  public static final double MAX_SIGMA = 1e4;

  private SigmaGrid() {}

  /**
   * The EDM grid (Karras et al. 2022, eq. 5): N levels σ_i = (σ_max^(1/ρ) + i/(N−1)·(σ_min^(1/ρ) −
   * σ_max^(1/ρ)))^ρ from σ_max down to σ_min, followed by 0 (N + 1 values).
   */
  public static double[] karras(int steps, double sigmaMin, double sigmaMax, double rho) {
    double[] out = new double[steps + 1];
    double hi = Math.pow(sigmaMax, 1 / rho);
    double lo = Math.pow(sigmaMin, 1 / rho);
    for (int i = 0; i < steps; i++) {
      double frac = steps == 1 ? 0 : (double) i / (steps - 1);
      out[i] = Math.pow(hi + frac * (lo - hi), rho);
    }
    out[steps] = 0;
    return out;
  }

  /**
   * {@code steps} steps from σ = {@code from} down to σ = {@code to} (which may be 0), evenly spaced in
   * σ^(1/ρ) as the Karras grid is: σ_i = (from^(1/ρ) + i/steps·(to^(1/ρ) − from^(1/ρ)))^ρ.
   */
  public static double[] karrasBetween(double from, double to, int steps, double rho) {
    if (!(from > to) || to < 0 || steps < 1) {
      throw new IllegalArgumentException("need from > to ≥ 0 and steps ≥ 1, got " + from + ", " + to + ", " + steps);
    }
    double hi = Math.pow(from, 1 / rho);
    double lo = Math.pow(to, 1 / rho);
    double[] out = new double[steps + 1];
    for (int i = 0; i <= steps; i++) {
      out[i] = Math.pow(hi + (double) i / steps * (lo - hi), rho);
    }
    out[0] = from;
    out[steps] = to;
    return out;
  }

  /**
   * The grid with extra σ values inserted (kept descending, duplicates dropped): how a tap at σ is made
   * a grid point whose evaluation yields the clean prediction there.
   */
  public static double[] withPoints(double[] grid, double... points) {
    if (points.length == 0) {
      return grid;
    }
    TreeSet<Double> all = new TreeSet<>();
    for (double s : grid) {
      all.add(s);
    }
    double lo = grid[grid.length - 1];
    double hi = grid[0];
    for (double p : points) {
      if (p > lo && p < hi) {
        all.add(p);
      }
    }
    return all.descendingSet().stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * The part of {@code grid} from σ = {@code from} down to σ = {@code to} (both become end points): how a
   * solve is stopped at, or resumed from, any σ.
   */
  public static double[] between(double[] grid, double from, double to) {
    if (!(from > to)) {
      throw new IllegalArgumentException("need from > to, got " + from + " and " + to);
    }
    double[] inner = Arrays.stream(grid).filter(s -> s < from && s > to).toArray();
    double[] out = new double[inner.length + 2];
    out[0] = from;
    System.arraycopy(inner, 0, out, 1, inner.length);
    out[out.length - 1] = to;
    return out;
  }
}
