package dev.diffsearch.algorithms;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.Particle;
import dev.diffsearch.api.spi.SearchBudget;
import dev.diffsearch.api.spi.SearchContext;
import dev.diffsearch.api.spi.SearchOutcome;
import dev.diffsearch.api.spi.SearchPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The mechanism search over paths and beam search share: W noises are solved down to σ_start; then, rung
 * by rung, every survivor is renoised up to σ_up in M copies (the exact forward kernel, fresh noise each),
 * all W·M branches are solved down to σ_down in one batched solve, scored (on their clean prediction,
 * one extra NFE each, unless σ_down = 0), and the top W survive. The best survivor at σ = 0 wins.
 *
 * <p>NFE per output = W·c(σ_max → σ_start) + Σ_rungs W·M·(c_L(σ_up → σ_down) + [σ_down > 0]), where c is
 * the search sampler's cost along its own grid and c_L its cost along L Karras-spaced steps (Heun:
 * 2L, or 2L − 1 when σ_down = 0; Euler: L).
 *
 * <p>A size the config leaves out is derived from the budget: the largest that the formula lets the
 * budget pay for (search over paths derives M, beam search W).
 */
final class BranchingSearch {

  /** One rung: renoise up to {@code up}, solve down to {@code down}. */
  record Rung(double up, double down) {}

  /** W, the survivors kept at every rung, and M, the branches of each. */
  record Sizes(int width, int branches) {}

  private BranchingSearch() {}

  /** The NFE the search will spend, by the formula above. */
  static long plannedNfe(SearchBudget costs, int width, int branches, double start, List<Rung> rungs, int steps) {
    long nfe = width * costs.solveCost(costs.sigmaMax(), start, 0);
    for (Rung r : rungs) {
      nfe += (long) width * branches * (costs.solveCost(r.up(), r.down(), steps) + (r.down() > 0 ? 1 : 0));
    }
    return nfe;
  }

  /**
   * W and M as configured, the one the config left out (null; at most one is) as large as the budget pays
   * for with the other: the search then spends its budget to within what one more unit of it costs.
   */
  static Sizes sizes(SearchBudget costs, Integer width, Integer branches, double start, List<Rung> rungs, int steps) {
    if (width == null) {
      return new Sizes(Budget.largestFitting(costs, w -> plannedNfe(costs, w, branches, start, rungs, steps)), branches);
    }
    if (branches == null) {
      return new Sizes(width, Budget.largestFitting(costs, m -> plannedNfe(costs, width, m, start, rungs, steps)));
    }
    return new Sizes(width, branches);
  }

  /**
   * The planned NFE; refuses a start at or above the sampler's σ_max, records the size it derived from the
   * budget ({@code widthName} or {@code branches}, when the config left it out), and declares the branches
   * ({@code widthName} × branches) held at once: under {@code search.nfe} when the budget sets their number.
   */
  static long plan(SearchPlan plan, String name, String widthName, Integer width, Integer branches, double start,
      List<Rung> rungs, int steps) {
    if (!(start < plan.sigmaMax())) {
      throw new ConfigException("search", name + " starts at σ " + start + ", which must be below the sampler's σ_max "
          + plan.sigmaMax());
    }
    Sizes s = sizes(plan, width, branches, start, rungs, steps);
    String derived = width == null ? widthName : branches == null ? "branches" : null;
    if (derived != null) {
      plan.derived(derived, width == null ? s.width() : s.branches());
    }
    plan.requireMemory(derived == null ? "search.branches" : "search.nfe", (long) s.width() * s.branches(),
        Budget.PARTICLE_ARRAYS, widthName + " × branches (" + s.width() + " × " + s.branches()
            + (derived == null ? "" : "; " + derived + ": as many as search.nfe pays for, or set search." + derived) + ")");
    return plannedNfe(plan, s.width(), s.branches(), start, rungs, steps);
  }

  /** Runs the search with W and M as {@link #sizes} makes them. */
  static SearchOutcome run(SearchContext context, Integer configuredWidth, Integer configuredBranches, double start,
      List<Rung> rungs, int steps) {
    Sizes s = sizes(context, configuredWidth, configuredBranches, start, rungs, steps);
    int width = s.width();
    int branches = s.branches();
    List<Particle> survivors = context.solve(context.start(context.drawNoises(width)), start, 0);
    for (Rung rung : rungs) {
      List<Particle> branched = new ArrayList<>(survivors.size() * branches);
      for (Particle p : survivors) {
        for (int m = 0; m < branches; m++) {
          branched.add(p);
        }
      }
      List<Particle> scored = context.solveAndScore(context.renoise(branched, rung.up()), rung.down(), steps);
      survivors = Ranking.top(scored, width);
    }
    return new SearchOutcome(context.candidateOf(survivors.get(0)));
  }
}
