package dev.diffsearch.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.Sampler;
import dev.diffsearch.api.spi.SearchAlgorithm;
import dev.diffsearch.api.spi.SearchContext;
import dev.diffsearch.api.spi.SearchOutcome;
import dev.diffsearch.api.spi.SearchPlan;
import dev.diffsearch.api.spi.StepObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * The one budget check: an algorithm's planned NFE, asked for once with no model, against the budget;
 * what it holds at once, once the model's sample shape is known.
 */
class SearchPlannerTest {

  /** One NFE per step of the grid 8, 4, 2, 1, 0; a plan never solves. */
  static final Sampler FOUR_STEPS = new Sampler() {
    @Override
    public double[] sigmas() {
      return new double[] {8, 4, 2, 1, 0};
    }

    @Override
    public NDArray solve(Denoiser denoiser, NDArray x, Conditioning conditioning, double[] grid, StepObserver observer) {
      throw new AssertionError("a plan solves nothing");
    }

    @Override
    public long nfe(double[] grid) {
      return grid.length - 1;
    }
  };

  /** An algorithm whose plan is {@code plan}, recording each plan it was asked with. */
  static final class Planning implements SearchAlgorithm {
    final ToLongFunction<SearchPlan> plan;
    final List<SearchPlan> asked = new ArrayList<>();

    Planning(ToLongFunction<SearchPlan> plan) {
      this.plan = plan;
    }

    @Override
    public long plannedNfe(SearchPlan p) {
      asked.add(p);
      return plan.applyAsLong(p);
    }

    @Override
    public SearchOutcome search(SearchContext context) {
      throw new AssertionError("planning searches nothing");
    }
  }

  @Test
  void aPlanTheBudgetPaysForIsAcceptedAfterOneQuestion() {
    Planning algorithm = new Planning(p -> 100);
    SearchPlanner planner = new SearchPlanner(FOUR_STEPS, new double[0], 100, 8);
    assertThat(planner.plan("mine", algorithm)).isEqualTo(100);
    assertThat(algorithm.asked).containsExactly(planner);
  }

  @Test
  void thePlanKeepsItsNfeAndTheSizesDerivedFromTheBudgetForTheRunsRecord() {
    SearchPlanner planner = new SearchPlanner(FOUR_STEPS, new double[0], 100, 8);
    assertThat(planner.plannedNfe()).isEqualTo(-1);
    planner.plan("mine", new Planning(p -> {
      p.derived("width", p.budget() / 30);
      p.derived("rounds", 2);
      return 90;
    }));
    assertThat(planner.plannedNfe()).isEqualTo(90);
    assertThat(planner.derivedSizes()).containsExactly(Map.entry("width", 3L), Map.entry("rounds", 2L));
  }

  @Test
  void aPlanAboveTheBudgetIsRefusedInOneLineAtSearchNfe() {
    SearchPlanner planner = new SearchPlanner(FOUR_STEPS, new double[0], 99, 8);
    assertThatThrownBy(() -> planner.plan("mine", new Planning(p -> 100)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("search.nfe: mine needs 100 NFE per output with these settings, the budget is 99");
    assertThatThrownBy(() -> planner.plan("mine", new Planning(p -> -1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("it planned a negative NFE (-1)");
  }

  @Test
  void thePlanPricesSolvesFromTheSamplersGridAndTheVerifiersTapsWithoutAModel() {
    SearchPlanner plan = new SearchPlanner(FOUR_STEPS, new double[] {3.0, 20.0}, 1000, 8); // σ 20 is off the grid
    assertThat(plan.budget()).isEqualTo(1000);
    assertThat(plan.maxBatch()).isEqualTo(8);
    assertThat(plan.sigmaMax()).isEqualTo(8.0);
    assertThat(plan.costPerCandidate()).as("8, 4, 3 (the tap), 2, 1, 0").isEqualTo(5);
    assertThat(plan.solveCost(8, 1, 0)).as("the sampler's own points 8, 4, 2, 1").isEqualTo(3);
    assertThat(plan.solveCost(3, 0, 6)).as("six Karras steps").isEqualTo(6);
  }

  @Test
  void whatAPlanHoldsAtOnceIsCheckedOnceTheSampleShapeIsKnown() {
    SearchPlanner planner = new SearchPlanner(FOUR_STEPS, new double[0], 1000, 8);
    planner.plan("mine", new Planning(p -> {
      p.requireMemory("search.width", 1_000_000_000L, 4, "width");
      return 10;
    })); // the budget pays, and no sample size is known yet
    // 10⁹ samples of 3·1024·1024 floats, 4 arrays each: about 50 PB
    assertThatThrownBy(() -> planner.checkMemory(new Shape(3, 1024, 1024)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("search.width: width = 1000000000 samples held at once need about ")
        .hasMessageContaining("(4 arrays of 3145728 floats each)")
        .hasMessageContaining("JAVA_OPTS=-Xmx");

    SearchPlanner small = new SearchPlanner(FOUR_STEPS, new double[0], 1000, 8);
    small.plan("mine", new Planning(p -> {
      p.requireMemory("search.width", 16, 4, "width");
      return 10;
    }));
    small.checkMemory(new Shape(1, 28, 28));

    // what one output holds fits; that many outputs in flight at once do not
    long fits = Runtime.getRuntime().maxMemory() / 2 / (4L * 784 * Float.BYTES) / 2; // a quarter of the heap
    SearchPlanner quarter = new SearchPlanner(FOUR_STEPS, new double[0], 1000, 8);
    quarter.plan("mine", new Planning(p -> {
      p.requireMemory("search.width", fits, 4, "width");
      return 10;
    }));
    quarter.checkMemory(new Shape(1, 28, 28), 2);
    assertThatThrownBy(() -> quarter.checkMemory(new Shape(1, 28, 28), 3))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("search.outputs-in-flight: 3 outputs in flight, each holding width = " + fits + " samples")
        .hasMessageContaining("fewer outputs in flight");
  }
}
