package dev.diffsearch.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.SearchAlgorithm;
import dev.diffsearch.core.config.ConfigBinder;
import dev.diffsearch.core.config.ConfigLoader;
import dev.diffsearch.core.denoise.NfeMeter;
import dev.diffsearch.core.search.SearchPlanner;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Equal budgets are equal compute: an algorithm whose size options are left out derives the one the budget
 * buys (zero-order: rounds; paths: branches; SMC: particles; beam: beams) as the largest the budget pays for,
 * so it spends its budget to within one more unit of that size, and paths and beam spend what that leaves on
 * extra branches at single rungs, to within one candidate; sizes that are given plan as they always did.
 * Heun with 10 steps on the exact mixture model: 19 NFE a candidate.
 */
class ComputeMatchedTest {

  @AutoClose static final MixtureFixture fx = new MixtureFixture(10);

  private static <C> C bind(String yaml, Class<C> type) {
    return ConfigBinder.bind(ConfigLoader.parse(yaml.isEmpty() ? "{}" : yaml, "test"), type, "search");
  }

  /** Each algorithm from its YAML block (sizes left out unless {@code yaml} gives them). */
  private static final Map<String, Function<String, SearchAlgorithm>> ALGORITHMS = Map.of(
      "zero-order", yaml -> new ZeroOrderSearch(bind(yaml, ZeroOrderConfig.class)),
      "paths", yaml -> new PathsSearch(bind(yaml, PathsConfig.class)),
      "smc", yaml -> new SmcSearch(bind(yaml, SmcConfig.class)),
      "beam", yaml -> new BeamSearch(bind(yaml, BeamConfig.class)));

  /** The NFE one output's search spends, after the plan a pipeline makes first (which it must equal). */
  private static long spent(SearchAlgorithm algorithm, long budget) {
    long planned = fx.check(algorithm, budget, 64, fx.prefersOneComponent);
    NfeMeter meter = new NfeMeter(fx.model);
    try (NDManager scope = fx.manager.newSubManager()) {
      algorithm.search(fx.context(meter, budget, 7, 64, scope));
    }
    assertThat(meter.nfe()).as("spent as planned").isEqualTo(planned);
    return meter.nfe();
  }

  private static Map<String, Long> derived(SearchAlgorithm algorithm, long budget) {
    SearchPlanner plan = fx.planner(budget, 64, fx.prefersOneComponent);
    plan.plan(MixtureFixture.name(algorithm), algorithm);
    return plan.derivedSizes();
  }

  @ParameterizedTest(name = "{0} at {1} NFE: {2} = {3} (+{4} branches), spends {5}")
  @CsvSource({
      // algorithm, budget, derived size, its value, extra branches, NFE spent, NFE one more unit of the size costs.
      // A path's rungs cost 5, 5, 5, 3 NFE a branch, a beam's 5, 5, 5, 5, 3: what the derived size leaves buys
      // extra branches, last rung first and round again, at most one per survivor and rung. Paths at 304:
      // 7 branches spend 272; 32 left buy 3 + 5 + 5 + 5, then 3 + 5 + 5 (the last rung has had its 2): 303.
      "zero-order, 304,            ,    , 0, 304, 19",
      "zero-order, 608,            ,    , 0, 608, 19",
      "zero-order, 1000,           ,    , 0, 988, 19",
      "paths,      304,  branches,   7, 7, 303, 36",
      "paths,      608,  branches,  16, 3, 607, 36",
      "paths,      1000, branches,  27, 2, 1000, 36",
      "smc,        304,  particles, 10, 0, 300, 30",
      "smc,        608,  particles, 20, 0, 600, 30",
      "smc,        1000, particles, 33, 0, 990, 30",
      "beam,       304,  beams,      3, 2, 302, 98",
      "beam,       608,  beams,      6, 4, 606, 98",
      "beam,       1000, beams,     10, 4, 998, 98"})
  void sizesLeftOutAreTheLargestTheBudgetPaysFor(String name, long budget, String key, Integer size, long extra,
      long nfe, long unit) {
    SearchAlgorithm algorithm = ALGORITHMS.get(name).apply("");
    long spent = spent(algorithm, budget);
    assertThat(spent).isLessThanOrEqualTo(budget).isGreaterThan(budget - unit).isEqualTo(nfe);
    long candidate = fx.planner(budget, 64, fx.prefersOneComponent).costPerCandidate();
    assertThat(spent).as("within one candidate of the budget").isGreaterThan(budget - candidate);
    if (key == null) { // zero-order: rounds go on while the budget pays for a candidate
      assertThat(derived(algorithm, budget)).isEmpty();
      return;
    }
    if (extra == 0) {
      assertThat(derived(algorithm, budget)).containsExactly(Map.entry(key, (long) size));
    } else {
      assertThat(derived(algorithm, budget)).containsExactly(Map.entry(key, (long) size), Map.entry("extra-branches", extra));
    }
    // the derived size, given, plans the same but for the extra branches; one more does not fit, and costs `unit` more
    long given = fx.check(ALGORITHMS.get(name).apply(key + ": " + size), budget, 64, fx.prefersOneComponent);
    assertThat(given).isLessThanOrEqualTo(spent).isGreaterThan(spent - unit);
    assertThat(spent - given).as("extra branches of at most 5 NFE each").isBetween(extra, 5 * extra);
    SearchPlanner roomy = fx.planner(Long.MAX_VALUE / 2, 64, fx.prefersOneComponent);
    assertThat(roomy.plan(name, ALGORITHMS.get(name).apply(key + ": " + (size + 1)))).isEqualTo(given + unit)
        .isGreaterThan(budget);
  }

  @Test
  void givenSizesPlanWhatTheyAlwaysDidAndDeriveNothing() {
    // heun 10 from σ_max 80: 10 NFE to σ_start 2, 6 to the first checkpoint 10; a path's rungs 5 + 5 + 5 + 3,
    // a beam's or a particle's segments 5 + 5 + 5 + 5 + 3, a particle's first score 1
    Map<String, Long> planned = Map.of(
        "paths: 2\nbranches: 4", 2 * 10 + 2 * 4 * 18L,
        "beams: 4\nbranches: 4", 4 * 6 + 4 * 4 * 23L,
        "particles: 8", 8 * (6 + 1 + 23L),
        "neighbours: 4", 52 * 19L);
    Map<String, String> names = Map.of("paths: 2\nbranches: 4", "paths", "beams: 4\nbranches: 4", "beam",
        "particles: 8", "smc", "neighbours: 4", "zero-order");
    planned.forEach((yaml, nfe) -> {
      SearchAlgorithm algorithm = ALGORITHMS.get(names.get(yaml)).apply(yaml);
      assertThat(fx.check(algorithm, 1000, 64, fx.prefersOneComponent)).as(yaml).isEqualTo(nfe);
      assertThat(derived(algorithm, 1000)).as(yaml).isEmpty();
    });
  }

  @Test
  void whenEvenTheSmallestSizeCostsMoreThanTheBudgetTheEngineRefusesItInOneLine() {
    assertThatThrownBy(() -> fx.check(ALGORITHMS.get("beam").apply(""), 97, 64, fx.prefersOneComponent))
        .isInstanceOf(ConfigException.class)
        .hasMessage("search.nfe: beam needs 98 NFE per output with these settings, the budget is 97");
    assertThatThrownBy(() -> fx.check(ALGORITHMS.get("paths").apply(""), 55, 64, fx.prefersOneComponent))
        .hasMessage("search.nfe: paths needs 56 NFE per output with these settings, the budget is 55");
    assertThat(fx.check(ALGORITHMS.get("paths").apply(""), 56, 64, fx.prefersOneComponent)).isEqualTo(56);
  }
}
