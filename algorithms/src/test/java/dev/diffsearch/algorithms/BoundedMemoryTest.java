package dev.diffsearch.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.diffsearch.core.config.ConfigBinder;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.core.config.ConfigLoader;
import dev.diffsearch.core.config.PipelineSpec;
import dev.diffsearch.core.denoise.NfeMeter;
import dev.diffsearch.core.noise.NoiseSource;
import dev.diffsearch.core.search.OutputSearch;
import dev.diffsearch.api.spi.Candidate;
import dev.diffsearch.api.spi.CandidateListener;
import dev.diffsearch.api.spi.SearchAlgorithm;
import dev.diffsearch.api.spi.SearchContext;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * What a search holds does not grow with its budget: random and zero-order search draw and score batch by
 * batch and keep only their best; the particle searches, whose populations must be held, refuse up front
 * what memory cannot hold, naming the key and the numbers.
 */
class BoundedMemoryTest {

  static final int BATCH = 8;
  static final long MILLION = 1_000_000; // 90909 candidates of heun-6 (11 NFE): 285 MB of noises if drawn at once

  @AutoClose static final MixtureFixture fx = new MixtureFixture();

  /** Stops a search from its listener once the first batch has been scored. */
  static final class Stop extends RuntimeException {
    Stop() {
      super("stop", null, false, false);
    }
  }

  private static <C> C bind(String yaml, Class<C> type) {
    return ConfigBinder.bind(ConfigLoader.parse(yaml.isEmpty() ? "{}" : yaml, "test"), type, "search");
  }

  private static SearchContext context(long budget, NoiseSource noise, CandidateListener listener, NDManager scope) {
    return new OutputSearch(new NfeMeter(fx.model), fx.heun, fx.prefersOneComponent, MixtureFixture.CLASS, budget,
        BATCH, noise, listener, scope);
  }

  /** The pipeline's check of {@code algorithm} before any search, at {@code budget} and this batch. */
  private static void check(SearchAlgorithm algorithm, long budget) {
    fx.check(algorithm, budget, BATCH, fx.prefersOneComponent);
  }

  /** Bytes this thread allocated on the heap so far (HotSpot's per-thread counter). */
  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /**
   * Runs {@code algorithm} on a budget of a million NFE until its first batch is scored; returns the noise
   * vectors drawn by then and the bytes allocated.
   */
  private static long[] firstBatch(SearchAlgorithm algorithm) {
    NoiseSource noise = new NoiseSource(1, 0);
    List<Candidate> seen = new ArrayList<>();
    try (NDManager scope = fx.manager.newSubManager()) {
      SearchContext context = context(MILLION, noise, c -> {
        seen.add(c);
        if (seen.size() == BATCH) {
          throw new Stop();
        }
      }, scope);
      check(algorithm, MILLION); // a large but legal budget is accepted
      long before = allocated();
      assertThatThrownBy(() -> algorithm.search(context)).isInstanceOf(Stop.class);
      long bytes = allocated() - before;
      assertThat(seen).hasSize(BATCH);
      return new long[] {noise.draws(), bytes};
    }
  }

  @Test
  void aRandomSearchOfAMillionNfeIsAcceptedAndHoldsOneBatchAtATime() {
    long[] drawn = firstBatch(new RandomSearch(new RandomSearchConfig(null)));
    assertThat(drawn[0]).as("noises drawn when the first batch is scored").isEqualTo(BATCH);
    // drawing all 90909 noises up front allocates 285 MB; a batch of 8 through the exact model far less
    assertThat(drawn[1]).as("bytes allocated for the first batch").isLessThan(64L << 20);
  }

  @Test
  void aZeroOrderRoundOfAnyNumberOfNeighboursIsDrawnBatchByBatch() {
    ZeroOrderSearch zeroOrder = new ZeroOrderSearch(bind("neighbours: 2147483647", ZeroOrderConfig.class));
    long[] drawn = firstBatch(zeroOrder);
    assertThat(drawn[0]).as("pivot and the first batch's neighbours").isEqualTo(BATCH);
    assertThat(drawn[1]).isLessThan(64L << 20);
  }

  @Test
  void theLargestBudgetIsAcceptedByTheStreamingSearches() {
    check(new RandomSearch(new RandomSearchConfig(null)), PipelineSpec.MAX_NFE);
    check(new ZeroOrderSearch(bind("neighbours: 2147483647", ZeroOrderConfig.class)), PipelineSpec.MAX_NFE);
  }

  @Test
  void aPopulationMemoryCannotHoldIsRefusedUpFrontNamingKeyAndNumbers() {
    long budget = PipelineSpec.MAX_NFE;
    // 10⁸ branches of 784 floats: about a terabyte
    assertThatThrownBy(() -> check(new PathsSearch(bind("paths: 1\nbranches: 100000000", PathsConfig.class)), budget))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("search.branches: paths × branches (1 × 100000000) = 100000000 samples held at once")
        .hasMessageContaining("784 floats")
        .hasMessageContaining("-Xmx");
    assertThatThrownBy(() -> check(new BeamSearch(bind("beams: 10000\nbranches: 10000\ncheckpoints: [5.0, 1.0]", BeamConfig.class)), budget))
        .hasMessageStartingWith("search.branches: beams × branches (10000 × 10000)");
    // SMC without a particle count takes as many as the budget pays for: the budget is what to lower
    assertThatThrownBy(() -> check(new SmcSearch(bind("checkpoints: [5.0, 1.0]", SmcConfig.class)), budget))
        .hasMessageStartingWith("search.nfe: particles (as many as search.nfe pays for");
    assertThatThrownBy(() -> check(new SmcSearch(bind("particles: 100000000\ncheckpoints: [5.0, 1.0]", SmcConfig.class)),
        budget))
        .hasMessageStartingWith("search.particles: particles = 100000000 samples held at once");
    // so do paths without a branch count and beam search without a beam count
    assertThatThrownBy(() -> check(new PathsSearch(bind("paths: 1", PathsConfig.class)), budget))
        .hasMessageStartingWith("search.nfe: paths × branches (1 × ")
        .hasMessageContaining("; branches: as many as search.nfe pays for, or set search.branches) = ");
    assertThatThrownBy(() -> check(new BeamSearch(bind("checkpoints: [5.0, 1.0]", BeamConfig.class)), budget))
        .hasMessageStartingWith("search.nfe: beams × branches (")
        .hasMessageContaining("; beams: as many as search.nfe pays for, or set search.beams) = ");
    // what memory holds is accepted
    check(new PathsSearch(bind("paths: 4\nbranches: 4", PathsConfig.class)), budget);
    check(new SmcSearch(bind("particles: 64\ncheckpoints: [5.0, 1.0]", SmcConfig.class)), budget);
  }
}
