package dev.diffsearch.algorithms;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.Particle;
import dev.diffsearch.api.spi.SearchAlgorithm;
import dev.diffsearch.api.spi.SearchBudget;
import dev.diffsearch.api.spi.SearchContext;
import dev.diffsearch.api.spi.SearchOutcome;
import dev.diffsearch.api.spi.SearchPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Sequential Monte Carlo over denoising paths (Feynman–Kac resampling): K particles are solved from
 * checkpoint to checkpoint; at each, their clean predictions are scored (one NFE each) and their weights
 * multiplied by the potential exp(λ·(r_t − r_{t−1})), so that the final target is ∝ exp(λ·r). With
 * {@code potential: standardized} (the default) r_t is the reward z-scored across the particles at
 * checkpoint t, so λ means the same for any verifier; {@code raw} takes the verifier's scores. When the
 * effective sample size (Σw)²/Σw² falls below {@code ess-threshold}·K, particles are resampled
 * systematically (one uniform draw from the seeded source) and weights reset; every copy after the first
 * of a particle is kicked forward to σ·(1 + kick) with fresh noise, since copies following a deterministic
 * ODE would otherwise stay identical. At σ = 0 the best particle wins.
 *
 * <p>NFE per output: K·c(σ_max → σ_1) + Σ_i K·(c_L(· → σ_{i+1}) + [σ_{i+1} > 0]); a kicked copy's solve
 * has the same L steps, so the total does not depend on resampling.
 */
public final class SmcSearch implements SearchAlgorithm {

  private final SmcConfig config;

  public SmcSearch(SmcConfig config) {
    this.config = config;
  }

  /**
   * NFE per output with K particles ({@code particles} unset: as many as the budget pays for); refuses a
   * first checkpoint at or above the sampler's σ_max and declares the K particles held at once.
   */
  @Override
  public long plannedNfe(SearchPlan plan) {
    List<Double> c = config.checkpoints();
    if (!(c.get(0) < plan.sigmaMax())) {
      throw new ConfigException("search.checkpoints", "first checkpoint " + c.get(0)
          + " must be below the sampler's σ_max " + plan.sigmaMax());
    }
    int k = particles(plan);
    boolean fromBudget = config.particles() == null; // then K grows with the budget: bound it
    if (fromBudget) {
      plan.derived("particles", k);
    }
    plan.requireMemory(fromBudget ? "search.nfe" : "search.particles", k, Budget.PARTICLE_ARRAYS,
        fromBudget ? "particles (as many as search.nfe pays for; or set search.particles)" : "particles");
    return plannedNfe(plan, k);
  }

  private long plannedNfe(SearchBudget costs, int k) {
    List<Double> c = config.checkpoints();
    long nfe = (long) k * costs.solveCost(costs.sigmaMax(), c.get(0), 0) + k; // solve to σ_1, score there
    for (int i = 0; i < c.size(); i++) {
      double next = Checkpoints.next(c, i);
      nfe += (long) k * (costs.solveCost(c.get(i), next, config.steps()) + (next > 0 ? 1 : 0));
    }
    return nfe;
  }

  /** K: as configured, or as many particles as the budget pays for (at least 1). */
  private int particles(SearchBudget costs) {
    return config.particles() != null ? config.particles() : Budget.largestFitting(costs, k -> plannedNfe(costs, k));
  }

  @Override
  public SearchOutcome search(SearchContext context) {
    List<Double> c = config.checkpoints();
    int k = particles(context);
    boolean standardized = config.potential().equals("standardized");
    List<Particle> particles = context.solveAndScore(context.start(context.drawNoises(k)), c.get(0), 0);
    double[] reward = rewards(particles, standardized);
    double[] logWeights = new double[k];
    for (int i = 0; i < k; i++) {
      logWeights[i] = config.lambda() * reward[i];
    }
    for (int t = 0; t < c.size(); t++) {
      double next = Checkpoints.next(c, t);
      if (effectiveSampleSize(logWeights) < config.essThreshold() * k) {
        int[] ancestors = systematic(normalized(logWeights), context.drawUniform());
        int[] order = keptFirst(ancestors);
        particles = resample(context, particles, order, distinct(ancestors), c.get(t) * (1 + config.kick()));
        double[] inherited = new double[k];
        for (int i = 0; i < k; i++) {
          inherited[i] = reward[order[i]];
        }
        reward = inherited;
        logWeights = new double[k];
      }
      particles = context.solveAndScore(particles, next, config.steps());
      double[] now = rewards(particles, standardized);
      for (int i = 0; i < k; i++) {
        logWeights[i] += config.lambda() * (now[i] - reward[i]);
      }
      reward = now;
    }
    return new SearchOutcome(context.candidateOf(Ranking.top(particles, 1).get(0)));
  }

  /**
   * The resampled particles: {@code order} gives each one's ancestor (see {@link #keptFirst}); the first
   * {@code kept} keep their ancestor's state, the later copies are kicked up to σ = {@code kickTo} with fresh
   * noise. Unkicked particles come first so that particles at one σ go through the denoiser together.
   */
  private static List<Particle> resample(SearchContext context, List<Particle> particles, int[] order, int kept,
      double kickTo) {
    List<Particle> out = new ArrayList<>();
    List<Particle> copies = new ArrayList<>();
    for (int i = 0; i < order.length; i++) {
      (i < kept ? out : copies).add(particles.get(order[i]));
    }
    out.addAll(context.renoise(copies, kickTo));
    return out;
  }

  /** The ancestors reordered: the first copy of each ancestor, in ancestor order, then the later copies. */
  static int[] keptFirst(int[] ancestors) {
    int[] order = new int[ancestors.length];
    boolean[] seen = new boolean[ancestors.length];
    int n = 0;
    for (int a : ancestors) {
      if (!seen[a]) {
        seen[a] = true;
        order[n++] = a;
      }
    }
    java.util.Arrays.fill(seen, false);
    for (int a : ancestors) {
      if (seen[a]) {
        order[n++] = a;
      }
      seen[a] = true;
    }
    return order;
  }

  private static int distinct(int[] ancestors) {
    return (int) java.util.Arrays.stream(ancestors).distinct().count();
  }

  /** The particles' rewards: their scores, z-scored across the particles when standardized. */
  static double[] rewards(List<Particle> particles, boolean standardized) {
    double[] r = new double[particles.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = particles.get(i).score();
    }
    return standardized ? zScores(r) : r;
  }

  /** (r − mean)/sd across the particles; all 0 when they are (numerically) all equal. */
  static double[] zScores(double[] r) {
    double mean = 0;
    for (double v : r) {
      mean += v;
    }
    mean /= r.length;
    double var = 0;
    for (double v : r) {
      var += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(var / r.length);
    double[] z = new double[r.length];
    if (!(sd > 1e-12 * Math.max(1, Math.abs(mean)))) {
      return z;
    }
    for (int i = 0; i < r.length; i++) {
      z[i] = (r[i] - mean) / sd;
    }
    return z;
  }

  /** (Σw)²/Σw² for weights given as logs. */
  static double effectiveSampleSize(double[] logWeights) {
    double[] w = normalized(logWeights);
    double sq = 0;
    for (double v : w) {
      sq += v * v;
    }
    return 1 / sq;
  }

  /** Weights from log-weights, summing to 1. */
  static double[] normalized(double[] logWeights) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logWeights) {
      max = Math.max(max, l);
    }
    double[] w = new double[logWeights.length];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.exp(logWeights[i] - max);
      sum += w[i];
    }
    for (int i = 0; i < w.length; i++) {
      w[i] /= sum;
    }
    return w;
  }

  /** Systematic resampling: K positions (u + j)/K, u uniform in [0, 1), against the weights' cumulative sum. */
  static int[] systematic(double[] weights, double u) {
    int k = weights.length;
    int[] out = new int[k];
    double cumulative = weights[0];
    int i = 0;
    for (int j = 0; j < k; j++) {
      double position = (u + j) / k;
      while (position > cumulative && i < k - 1) {
        i++;
        cumulative += weights[i];
      }
      out[j] = i;
    }
    return out;
  }
}
