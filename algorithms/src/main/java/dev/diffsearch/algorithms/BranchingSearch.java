package dev.diffsearch.algorithms;

import dev.diffsearch.core.config.ConfigException;
import dev.diffsearch.core.search.Particle;
import dev.diffsearch.core.search.SearchContext;
import dev.diffsearch.core.spi.SearchOutcome;
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
 */
final class BranchingSearch {

  /** One rung: renoise up to {@code up}, solve down to {@code down}. */
  record Rung(double up, double down) {}

  private BranchingSearch() {}

  /** The NFE the search will spend, by the formula above. */
  static long plannedNfe(SearchContext context, int width, int branches, double start, List<Rung> rungs, int steps) {
    long nfe = width * context.solveCost(context.grid()[0], start, 0);
    for (Rung r : rungs) {
      nfe += (long) width * branches * (context.solveCost(r.up(), r.down(), steps) + (r.down() > 0 ? 1 : 0));
    }
    return nfe;
  }

  /**
   * Refuses settings the context cannot run: a start at or above the sampler's σ_max, a budget below the
   * planned NFE, more branches ({@code widthName} × branches, all held at once) than memory holds.
   */
  static void check(SearchContext context, String name, String widthName, int width, int branches, double start,
      List<Rung> rungs, int steps) {
    if (!(start < context.grid()[0])) {
      throw new ConfigException("search", name + " starts at σ " + start + ", which must be below the sampler's σ_max "
          + context.grid()[0]);
    }
    long planned = plannedNfe(context, width, branches, start, rungs, steps);
    if (planned > context.nfeRemaining()) {
      throw new ConfigException("search.nfe", name + " needs " + planned + " NFE per output with these settings, "
          + "the budget is " + context.budget());
    }
    context.requireMemory("search.branches", (long) width * branches, Budget.PARTICLE_ARRAYS,
        widthName + " × branches (" + width + " × " + branches + ")");
  }

  static SearchOutcome run(SearchContext context, String name, String widthName, int width, int branches,
      double start, List<Rung> rungs, int steps) {
    check(context, name, widthName, width, branches, start, rungs, steps);
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
