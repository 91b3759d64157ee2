package dev.diffsearch.plugins.torchscript;

import java.util.Arrays;
import java.util.Locale;

/**
 * A discrete DDPM noise schedule seen as EDM noise levels: timestep i (0 … T−1) has
 * ᾱ_i = ∏_{j≤i}(1 − β_j) and σ_i = √((1 − ᾱ_i)/ᾱ_i). A continuous σ is quantized to the timestep whose
 * σ_i is nearest in log σ (as k-diffusion's discrete-time wrappers do).
 */
public final class DdpmSchedule {

  /** The β schedule. */
  public enum Kind {
    /** Ho et al. 2020: β linear from 0.0001 to 0.02, both scaled by 1000/T (DiT, improved DDPM). */
    LINEAR,
    /** Nichol and Dhariwal 2021: ᾱ(u) ∝ cos²((u + 0.008)/1.008 · π/2), β_i clipped at 0.999. */
    COSINE;

    /** Reads {@code linear} or {@code cosine}. */
    public static Kind parse(String value) {
      for (Kind k : values()) {
        if (k.name().equalsIgnoreCase(value)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown beta-schedule '" + value + "' (known: linear, cosine)");
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Kind kind;
  private final double[] logSigmas;

  /** The schedule of {@code timesteps} steps. */
  public DdpmSchedule(Kind kind, int timesteps) {
    this.kind = kind;
    double[] betas = kind == Kind.LINEAR ? linearBetas(timesteps) : cosineBetas(timesteps);
    logSigmas = new double[timesteps];
    double alphaBar = 1;
    for (int i = 0; i < timesteps; i++) {
      alphaBar *= 1 - betas[i];
      logSigmas[i] = 0.5 * Math.log((1 - alphaBar) / alphaBar); // σ_i = √((1−ᾱ_i)/ᾱ_i)
    }
  }

  private static double[] linearBetas(int n) {
    double scale = 1000.0 / n;
    double start = scale * 0.0001;
    double end = scale * 0.02;
    double[] betas = new double[n];
    for (int i = 0; i < n; i++) {
      betas[i] = start + (end - start) * i / (n - 1);
    }
    return betas;
  }

  private static double[] cosineBetas(int n) {
    double[] betas = new double[n];
    for (int i = 0; i < n; i++) {
      betas[i] = Math.min(1 - cosineAlphaBar((i + 1.0) / n) / cosineAlphaBar((double) i / n), 0.999);
    }
    return betas;
  }

  // ᾱ(u) up to a constant: cos²((u + s)/(1 + s) · π/2), s = 0.008
  private static double cosineAlphaBar(double u) {
    double c = Math.cos((u + 0.008) / 1.008 * Math.PI / 2);
    return c * c;
  }

  public Kind kind() {
    return kind;
  }

  /** T, the number of timesteps. */
  public int timesteps() {
    return logSigmas.length;
  }

  /** σ_i of timestep {@code i}. */
  public double sigma(int i) {
    return Math.exp(logSigmas[i]);
  }

  /** The timestep whose σ_i is nearest to {@code sigma} in log σ; 0 for σ ≤ σ_0 (including σ = 0). */
  public int nearest(double sigma) {
    if (!(sigma > 0)) {
      return 0;
    }
    double target = Math.log(sigma);
    int i = Arrays.binarySearch(logSigmas, target); // σ_i increases with i
    if (i >= 0) {
      return i;
    }
    int above = -i - 1;
    if (above == 0) {
      return 0;
    }
    if (above == logSigmas.length) {
      return logSigmas.length - 1;
    }
    return target - logSigmas[above - 1] <= logSigmas[above] - target ? above - 1 : above;
  }
}
