package dev.diffsearch.samplers;

/** The noise-level grid of Karras et al. 2022 (EDM), eq. 5: σ_i = (σ_max^(1/ρ) + i/(N−1)·(σ_min^(1/ρ) − σ_max^(1/ρ)))^ρ, then 0. */
public final class KarrasSchedule {

  private KarrasSchedule() {}

  /** N descending levels from σ_max to σ_min, followed by σ_N = 0 (N + 1 values). */
  public static double[] sigmas(int steps, double sigmaMin, double sigmaMax, double rho) {
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
}
