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
 * budget pay for (search over paths derives M, beam search W). What that leaves of the budget buys extra
 * branches at single rungs, one at a time, last rung first and round the rungs again, each for the next
 * best survivor (at the first rung, the next in the order drawn; at most one extra per survivor and rung),
 * while one more fits: so the search spends its
 * budget to within one branch of one rung (a few NFE; less than a candidate), not one more W·M row of
 * branches. Sizes the config gives are used as given, with no extra branches.
 */
final class BranchingSearch {

  /** One rung: renoise up to {@code up}, solve down to {@code down}. */
  record Rung(double up, double down) {}

  /**
   * W, the survivors kept at every rung, M, the branches of each, and the extra branches of each rung
   * (given to its best {@code extra[r]} survivors, one each).
   */
  record Sizes(int width, int branches, int[] extra) {
    int extraBranches() {
      return java.util.Arrays.stream(extra).sum();
    }
  }

  private BranchingSearch() {}

  /** The NFE the search will spend, by the formula above, without extra branches. */
  static long plannedNfe(SearchBudget costs, int width, int branches, double start, List<Rung> rungs, int steps) {
    long nfe = width * costs.solveCost(costs.sigmaMax(), start, 0);
    for (Rung r : rungs) {
      nfe += (long) width * branches * branchCost(costs, r, steps);
    }
    return nfe;
  }

  /** The NFE of one branch at rung {@code r}: its solve, and its score on the clean prediction above σ = 0. */
  private static long branchCost(SearchBudget costs, Rung r, int steps) {
    return costs.solveCost(r.up(), r.down(), steps) + (r.down() > 0 ? 1 : 0);
  }

  /** The NFE of {@code s}, extra branches included. */
  static long plannedNfe(SearchBudget costs, Sizes s, double start, List<Rung> rungs, int steps) {
    long nfe = plannedNfe(costs, s.width(), s.branches(), start, rungs, steps);
    for (int r = 0; r < rungs.size(); r++) {
      nfe += s.extra()[r] * branchCost(costs, rungs.get(r), steps);
    }
    return nfe;
  }

  /**
   * W and M as configured, the one the config left out (null; at most one is) as large as the budget pays
   * for with the other: the search then spends its budget to within what one more unit of it costs.
   */
  static Sizes sizes(SearchBudget costs, Integer width, Integer branches, double start, List<Rung> rungs, int steps) {
    if (width == null) {
      int w = Budget.largestFitting(costs, n -> plannedNfe(costs, n, branches, start, rungs, steps));
      return withExtras(costs, w, branches, start, rungs, steps);
    }
    if (branches == null) {
      int m = Budget.largestFitting(costs, n -> plannedNfe(costs, width, n, start, rungs, steps));
      return withExtras(costs, width, m, start, rungs, steps);
    }
    return new Sizes(width, branches, new int[rungs.size()]);
  }

  /** W and M with the extra branches what they leave of the budget pays for (see the class comment). */
  private static Sizes withExtras(SearchBudget costs, int width, int branches, double start, List<Rung> rungs,
      int steps) {
    int[] extra = new int[rungs.size()];
    long left = costs.budget() - plannedNfe(costs, width, branches, start, rungs, steps);
    boolean added = true;
    while (added) {
      added = false;
      for (int r = rungs.size() - 1; r >= 0; r--) {
        long cost = branchCost(costs, rungs.get(r), steps);
        if (extra[r] < width && cost <= left) {
          extra[r]++;
          left -= cost;
          added = true;
        }
      }
    }
    return new Sizes(width, branches, extra);
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
      if (s.extraBranches() > 0) {
        plan.derived("extra-branches", s.extraBranches());
      }
    }
    plan.requireMemory(derived == null ? "search.branches" : "search.nfe", (long) s.width() * s.branches()
        + java.util.Arrays.stream(s.extra()).max().orElse(0),
        Budget.PARTICLE_ARRAYS, widthName + " × branches (" + s.width() + " × " + s.branches()
            + (derived == null ? "" : "; " + derived + ": as many as search.nfe pays for, or set search." + derived) + ")");
    return plannedNfe(plan, s, start, rungs, steps);
  }

  /** Runs the search with W and M as {@link #sizes} makes them. */
  static SearchOutcome run(SearchContext context, Integer configuredWidth, Integer configuredBranches, double start,
      List<Rung> rungs, int steps) {
    Sizes s = sizes(context, configuredWidth, configuredBranches, start, rungs, steps);
    int width = s.width();
    int branches = s.branches();
    List<Particle> survivors = context.solve(context.start(context.drawNoises(width)), start, 0);
    for (int r = 0; r < rungs.size(); r++) {
      Rung rung = rungs.get(r);
      List<Particle> branched = new ArrayList<>(survivors.size() * branches + s.extra()[r]);
      for (int i = 0; i < survivors.size(); i++) {
        int copies = branches + (i < s.extra()[r] ? 1 : 0);
        for (int m = 0; m < copies; m++) {
          branched.add(survivors.get(i));
        }
      }
      List<Particle> scored = context.solveAndScore(context.renoise(branched, rung.up()), rung.down(), steps);
      survivors = Ranking.top(scored, width);
    }
    return new SearchOutcome(context.candidateOf(survivors.get(0)));
  }
}
