package dev.diffsearch.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.core.config.ConfigBinder;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.core.config.ConfigLoader;
import dev.diffsearch.core.denoise.NfeMeter;
import dev.diffsearch.core.noise.NoiseSource;
import dev.diffsearch.api.sampling.SigmaGrid;
import dev.diffsearch.api.spi.Candidate;
import dev.diffsearch.api.spi.Particle;
import dev.diffsearch.api.spi.SearchAlgorithm;
import dev.diffsearch.api.spi.SearchContext;
import dev.diffsearch.api.spi.SearchOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class SearchAlgorithmsTest {

  @AutoClose static final MixtureFixture fx = new MixtureFixture();
  static final long BUDGET = 440; // 40 candidates of 11 NFE (heun 6 steps)

  private static Traced run(SearchAlgorithm algorithm, long budget, long seed, NfeMeter meter) {
    return run(algorithm, budget, seed, meter, fx.prefersOneComponent);
  }

  private static Traced run(SearchAlgorithm algorithm, long budget, long seed, NfeMeter meter,
      dev.diffsearch.api.spi.Verifier verifier) {
    List<Candidate> trace = new ArrayList<>();
    fx.check(algorithm, budget, 64, verifier); // as the pipeline does, once, before any search
    try (NDManager scope = fx.manager.newSubManager()) {
      SearchOutcome out = algorithm.search(fx.context(meter, budget, seed, 64, scope, verifier, trace::add));
      return new Traced(out.best(), trace);
    }
  }

  private static <C> C bind(String yaml, Class<C> type) {
    return ConfigBinder.bind(ConfigLoader.parse(yaml.isEmpty() ? "{}" : yaml, "test"), type, "search");
  }

  // ---- zero-order ----

  @Test
  void zeroOrderNeighboursKeepThePivotsNormAndHaveCosineTau() {
    NoiseSource noise = new NoiseSource(5, 0);
    float[] pivot = noise.gaussian(784);
    List<float[]> neighbours = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      neighbours.add(ZeroOrderSearch.neighbour(pivot, 0.95, noise.gaussian(784)));
    }
    for (float[] y : neighbours) {
      assertThat(norm(y) / norm(pivot)).isCloseTo(1.0, within(1e-5));
      assertThat(dot(y, pivot) / (norm(y) * norm(pivot))).isCloseTo(0.95, within(1e-5));
    }
    for (int i = 0; i < 4; i++) {
      for (int j = i + 1; j < 4; j++) {
        assertThat(neighbours.get(i)).isNotEqualTo(neighbours.get(j));
      }
    }
    NoiseSource again = new NoiseSource(5, 0);
    float[] pivotAgain = again.gaussian(784);
    assertThat(ZeroOrderSearch.neighbour(pivotAgain, 0.95, again.gaussian(784))).containsExactly(neighbours.get(0));
  }

  @Test
  void zeroOrderNeighboursAreScoredAsChildrenOfTheirPivotAndTheBudgetHolds() {
    NfeMeter meter = new NfeMeter(fx.model);
    Traced out = run(new ZeroOrderSearch(bind("", ZeroOrderConfig.class)), BUDGET, 1, meter);
    assertThat(meter.nfe()).isLessThanOrEqualTo(BUDGET).isEqualTo(440);
    assertThat(out.trace()).hasSize(40);
    // the first pivot is scored in one batch with its 4 neighbours (11 NFE each)
    assertThat(out.trace().get(0).parentId()).isNull();
    for (int i = 1; i <= 4; i++) {
      assertThat(out.trace().get(i).parentId()).isEqualTo(out.trace().get(0).id());
      assertThat(out.trace().get(i).nfe()).isEqualTo(out.trace().get(0).nfe()).isEqualTo(55);
    }
    Set<String> ids = new HashSet<>();
    for (Candidate c : out.trace()) {
      if (c.parentId() != null) {
        assertThat(ids).contains(c.parentId());
        Candidate parent = out.trace().stream().filter(p -> p.id().equals(c.parentId())).findFirst().orElseThrow();
        assertThat(dot(c.noise(), parent.noise()) / (norm(c.noise()) * norm(parent.noise()))).isCloseTo(0.95, within(1e-5));
      }
      ids.add(c.id());
    }
  }

  // ---- paths ----

  @Test
  void theForwardKernelAddsVarianceSigmaBSquaredMinusSigmaASquared() {
    try (NDManager scope = fx.manager.newSubManager()) {
      SearchContext ctx = fx.context(new NfeMeter(fx.model), 1000, 3, 64, scope);
      List<float[]> zeros = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        zeros.add(new float[784]);
      }
      List<Particle> at80 = ctx.start(zeros); // state 0 at σ_max
      List<Particle> up = ctx.renoise(at80, 100.0);
      double sum = 0;
      double sq = 0;
      long n = 0;
      for (Particle p : up) {
        for (float v : p.state()) {
          sum += v;
          sq += (double) v * v;
          n++;
        }
        assertThat(p.recipe().hasRenoise()).isTrue();
      }
      double mean = sum / n;
      assertThat(mean).isCloseTo(0, within(0.2));
      assertThat(sq / n - mean * mean).isCloseTo(100.0 * 100.0 - 80.0 * 80.0, within(0.01 * 3600));
    }
  }

  @Test
  void pathsRejectsABackwardStepNoLargerThanTheForwardStep() {
    assertThatThrownBy(() -> bind("forward: 0.5\nbackward: 0.5", PathsConfig.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("search.backward: must be greater than forward");
  }

  @Test
  void pathsSpendsExactlyTheNfeOfItsFormula() {
    PathsSearch paths = new PathsSearch(bind("paths: 2\nbranches: 4\nsigma-start: 2.0\nforward: 0.5\nbackward: 1.0\nbackward-steps: 2", PathsConfig.class));
    NfeMeter meter = new NfeMeter(fx.model);
    Traced out = run(paths, 10_000, 1, meter);
    // initial: N · heun cost from σ_max = 80 down to σ_start = 2 along the heun-6 grid (2 per step, none ends at 0)
    double[] grid = SigmaGrid.karras(6, 0.002, 80, 7);
    long stepsAbove = Arrays.stream(grid).filter(s -> s < 80 && s > 2.0).count() + 1;
    long initial = 2 * (2 * stepsAbove);
    // rungs 2.5→1.5, 2.0→1.0, 1.5→0.5: 2L = 4 NFE + 1 clean prediction; 1.0→0: 2L − 1 = 3 NFE, no extra
    long branches = 2 * 4 * (5 + 5 + 5 + 3);
    assertThat(meter.nfe()).isEqualTo(initial + branches);
    assertThat(paths.plannedNfe(fx.planner(10_000, 64, fx.prefersOneComponent))).isEqualTo(meter.nfe());
    assertThat(out.trace()).hasSize(4 * 8);
    assertThat(out.best().sigma()).isZero();
  }

  @Test
  void aPathsBudgetTooSmallForItsSettingsIsAConfigError() {
    assertThatThrownBy(() -> run(new PathsSearch(bind("branches: 4", PathsConfig.class)), 50, 1, new NfeMeter(fx.model)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("search.nfe: paths needs");
  }

  // ---- smc ----

  @Test
  void smcWithLambdaZeroKeepsIndependentParticles() {
    SmcSearch smc = new SmcSearch(bind("particles: 6\nlambda: 0\ncheckpoints: [5.0, 1.0]", SmcConfig.class));
    Traced out = run(smc, 10_000, 2, new NfeMeter(fx.model));
    List<Candidate> finals = out.trace().stream().filter(c -> c.sigma() == 0).toList();
    assertThat(finals).hasSize(6);
    Set<String> starts = new HashSet<>();
    for (Candidate c : finals) {
      assertThat(c.recipe().hasRenoise()).isFalse();
      starts.add(Arrays.toString(c.noise()));
    }
    assertThat(starts).hasSize(6);
  }

  @Test
  void smcWithAHugeLambdaCollapsesOntoTheBestParticle() {
    SmcSearch smc = new SmcSearch(bind("particles: 6\nlambda: 1.0e6\ncheckpoints: [5.0, 1.0]", SmcConfig.class));
    Traced out = run(smc, 10_000, 2, new NfeMeter(fx.model));
    List<Candidate> first = out.trace().stream().filter(c -> c.sigma() == 5.0).toList();
    Candidate bestAtFirst = first.stream().max((a, b) -> Float.compare(a.score(), b.score())).orElseThrow();
    List<Candidate> finals = out.trace().stream().filter(c -> c.sigma() == 0).toList();
    assertThat(finals).hasSize(6);
    for (Candidate c : finals) {
      assertThat(c.noise()).containsExactly(bestAtFirst.noise());
    }
    // the copies were kicked apart: their final samples differ
    assertThat(finals.stream().map(Candidate::score).distinct().count()).isGreaterThan(1);
  }

  @Test
  void smcStandardizedPotentialsDoNotDependOnTheVerifiersScaleAndRawOnesDo() {
    String yaml = "particles: 8\nlambda: 4\ncheckpoints: [5.0, 2.0, 1.0, 0.5]\npotential: ";
    // ×1/1024 is exact in floating point: z-scores are bit for bit the same
    dev.diffsearch.api.spi.Verifier tiny = input -> {
      float[] s = fx.prefersOneComponent.score(input);
      for (int i = 0; i < s.length; i++) {
        s[i] /= 1024f;
      }
      return s;
    };
    List<String> standard = lineage(new SmcSearch(bind(yaml + "standardized", SmcConfig.class)), fx.prefersOneComponent);
    List<String> standardTiny = lineage(new SmcSearch(bind(yaml + "standardized", SmcConfig.class)), tiny);
    assertThat(standardTiny).isEqualTo(standard);
    assertThat(resampled(standard)).as("standardized rewards resample at λ = 4").isTrue();
    // raw: the same λ on rewards 1024 times smaller leaves the weights flat, nothing is resampled
    assertThat(resampled(lineage(new SmcSearch(bind(yaml + "raw", SmcConfig.class)), tiny))).isFalse();
  }

  @Test
  void smcWithoutAParticleCountSpendsTheBudget() {
    SmcConfig config = bind("lambda: 2\ncheckpoints: [5.0, 2.0, 1.0, 0.5]", SmcConfig.class);
    SmcSearch one = new SmcSearch(bind("particles: 1\ncheckpoints: [5.0, 2.0, 1.0, 0.5]", SmcConfig.class));
    long each = one.plannedNfe(fx.planner(BUDGET, 64, fx.prefersOneComponent));
    NfeMeter meter = new NfeMeter(fx.model);
    Traced out = run(new SmcSearch(config), BUDGET, 1, meter);
    long particles = BUDGET / each;
    assertThat(particles).isGreaterThan(1);
    assertThat(out.trace().stream().filter(c -> c.sigma() == 0).count()).isEqualTo(particles);
    assertThat(meter.nfe()).isEqualTo(particles * each).isGreaterThan(BUDGET - each);
  }

  /** Each candidate as "id<-parent@σ", in trace order. */
  private static List<String> lineage(SmcSearch smc, dev.diffsearch.api.spi.Verifier verifier) {
    Traced out = run(smc, 10_000, 4, new NfeMeter(fx.model), verifier);
    return out.trace().stream().map(c -> c.id() + "<-" + c.parentId() + "@" + c.sigma()).toList();
  }

  /** Whether some parent has two children at one σ. */
  private static boolean resampled(List<String> lineage) {
    Set<String> seen = new HashSet<>();
    for (String l : lineage) {
      if (!l.contains("<-null@") && !seen.add(l.substring(l.indexOf("<-")))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void zScoresAreStandardAndZeroForEqualRewards() {
    double[] z = SmcSearch.zScores(new double[] {1, 2, 3, 4});
    assertThat(Arrays.stream(z).sum()).isCloseTo(0, within(1e-12));
    assertThat(Arrays.stream(z).map(v -> v * v).sum() / 4).isCloseTo(1, within(1e-12));
    assertThat(z[3] - z[2]).isCloseTo(z[1] - z[0], within(1e-12));
    assertThat(SmcSearch.zScores(new double[] {-0.5, -0.5, -0.5})).containsExactly(0, 0, 0);
  }

  @Test
  void systematicResamplingFollowsTheWeights() {
    assertThat(SmcSearch.systematic(new double[] {0, 1, 0, 0}, 0.3)).containsExactly(1, 1, 1, 1);
    assertThat(SmcSearch.systematic(new double[] {0.25, 0.25, 0.25, 0.25}, 0.5)).containsExactly(0, 1, 2, 3);
    assertThat(SmcSearch.systematic(new double[] {0.5, 0, 0.5, 0}, 0.1)).containsExactly(0, 0, 2, 2);
    assertThat(SmcSearch.effectiveSampleSize(new double[] {0, 0, 0, 0})).isCloseTo(4.0, within(1e-12));
    assertThat(SmcSearch.effectiveSampleSize(new double[] {0, -1000, -1000, -1000})).isCloseTo(1.0, within(1e-9));
  }

  // ---- all algorithms ----

  /** Random search's median best score over five seeds at a budget. */
  private static final java.util.Map<Long, Float> MEDIANS = new java.util.HashMap<>();

  private static float randomMedian(long budget) {
    return MEDIANS.computeIfAbsent(budget, SearchAlgorithmsTest::computeRandomMedian);
  }

  private static float computeRandomMedian(long budget) {
    float[] best = new float[5];
    for (int seed = 0; seed < 5; seed++) {
      best[seed] = run(new RandomSearch(new RandomSearchConfig(null)), budget, seed, new NfeMeter(fx.model)).best().score();
    }
    Arrays.sort(best);
    return best[2];
  }

  private static void beatsRandomsMedian(String name, Supplier<SearchAlgorithm> algorithm, long budget) {
    float median = randomMedian(budget);
    for (int seed = 0; seed < 3; seed++) {
      NfeMeter meter = new NfeMeter(fx.model);
      Traced out = run(algorithm.get(), budget, 100 + seed, meter);
      assertThat(meter.nfe()).as(name).isLessThanOrEqualTo(budget);
      assertThat(out.best().score()).as("%s, seed %d, budget %d: random's median is %s", name, seed, budget, median)
          .isGreaterThan(median);
    }
  }

  @Test
  void pathsSmcAndBeamBeatRandomSearchsMedianAtTheSameBudget() {
    beatsRandomsMedian("paths", () -> new PathsSearch(bind("paths: 2\nbranches: 4\nsigma-start: 2.0", PathsConfig.class)), BUDGET);
    beatsRandomsMedian("smc", () -> new SmcSearch(bind("particles: 8\nlambda: 20\ncheckpoints: [5.0, 2.0, 1.0, 0.5]", SmcConfig.class)), BUDGET);
    beatsRandomsMedian("beam", () -> new BeamSearch(bind("beams: 2\nbranches: 4\ncheckpoints: [5.0, 2.0, 1.0, 0.5]", BeamConfig.class)), BUDGET);
  }

  /**
   * Every algorithm at one budget, B = 2200 (200 random candidates). Zero-order search climbs slowly in
   * 784 dimensions (each round turns the pivot by O(1/√D) toward a better direction, while random search
   * also profits from the spread of noise norms, which ZO keeps fixed), so it needs this many rounds, and
   * restarting on a stall throws its progress away on this verifier ({@code on-stall: continue}); at
   * B = 440 (above) it does not beat random search's median yet, the others do.
   */
  @Test
  void everyAlgorithmBeatsRandomSearchsMedianAtBudget2200() {
    long budget = 2200;
    beatsRandomsMedian("zero-order",
        () -> new ZeroOrderSearch(bind("neighbours: 8\ncosine: 0.9\non-stall: continue", ZeroOrderConfig.class)), budget);
    beatsRandomsMedian("paths", () -> new PathsSearch(bind("paths: 8\nbranches: 4\nsigma-start: 2.0", PathsConfig.class)), budget);
    beatsRandomsMedian("smc", () -> new SmcSearch(bind("particles: 32\nlambda: 20\ncheckpoints: [5.0, 2.0, 1.0, 0.5]", SmcConfig.class)), budget);
    beatsRandomsMedian("beam", () -> new BeamSearch(bind("beams: 8\nbranches: 4\ncheckpoints: [5.0, 2.0, 1.0, 0.5]", BeamConfig.class)), budget);
  }

  private static double norm(float[] v) {
    return Math.sqrt(dot(v, v));
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
