package dev.diffsearch.core.sampling;

import java.util.Arrays;
import java.util.TreeSet;

/** Operations on descending grids of noise levels. */
public final class SigmaGrid {

  private SigmaGrid() {}

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
