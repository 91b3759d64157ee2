package dev.diffsearch.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.core.denoise.NfeMeter;
import dev.diffsearch.core.noise.NoiseSource;
import dev.diffsearch.core.search.OutputSearch;
import dev.diffsearch.core.search.SearchPlanner;
import dev.diffsearch.api.spi.Candidate;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.api.spi.Sampler;
import dev.diffsearch.api.spi.SearchOutcome;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.plugins.mixture.MixtureFiles;
import dev.diffsearch.plugins.mixture.MixtureModel;
import dev.diffsearch.plugins.mixture.PosteriorConfig;
import dev.diffsearch.plugins.mixture.PosteriorVerifier;
import dev.diffsearch.samplers.HeunSampler;
import dev.diffsearch.samplers.OdeSamplerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Random search on the exact Gaussian-mixture model with its exact class-posterior verifier. */
class RandomSearchTest {

  static NDManager manager;
  static MixtureModel model;
  static Verifier verifier;
  static final Sampler HEUN_4 = new HeunSampler(new OdeSamplerConfig(4, null, null, null)); // 7 NFE

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
    model = MixtureFiles.bundled().open(manager);
    verifier = new PosteriorVerifier().create(new PosteriorConfig(null, null), new ModelContext(manager, Path.of(".")));
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static Traced search(Integer candidates, long budget, int maxBatch, NfeMeter meter, List<Candidate> seen) {
    RandomSearch random = new RandomSearch(new RandomSearchConfig(candidates));
    SearchPlanner plan = new SearchPlanner(HEUN_4, verifier.tapSigmas(), budget, maxBatch); // as the pipeline does
    plan.plan("random", random);
    plan.checkMemory(model.sampleShape());
    try (NDManager scope = manager.newSubManager()) {
      OutputSearch ctx = new OutputSearch(meter, HEUN_4, verifier, 3, budget, maxBatch,
          new NoiseSource(11, 0), seen::add, scope);
      SearchOutcome out = random.search(ctx);
      return new Traced(out.best(), List.copyOf(seen));
    }
  }

  @Test
  void spendsNoMoreThanTheBudgetAndReportsWhatTheMeterCounted() {
    for (long budget : new long[] {7, 20, 100, 101}) {
      NfeMeter meter = new NfeMeter(model);
      List<Candidate> seen = new ArrayList<>();
      Traced out = search(null, budget, 8, meter, seen);
      assertThat(meter.nfe()).isLessThanOrEqualTo(budget);
      assertThat(meter.nfe()).isEqualTo(7L * (budget / 7));
      assertThat(out.trace()).hasSize((int) (budget / 7));
      assertThat(seen).isEqualTo(out.trace());
      assertThat(out.trace().get(out.trace().size() - 1).nfe()).isEqualTo(meter.nfe());
    }
  }

  @Test
  void configuredCandidatesBeyondTheBudgetAreCutToWhatItPaysFor() {
    NfeMeter meter = new NfeMeter(model);
    Traced out = search(50, 70, 64, meter, new ArrayList<>());
    assertThat(out.trace()).hasSize(10);
    assertThat(meter.nfe()).isEqualTo(70);
  }

  @Test
  void aBudgetBelowOneCandidateIsAConfigError() {
    assertThatThrownBy(() -> search(null, 6, 8, new NfeMeter(model), new ArrayList<>()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("search.nfe")
        .hasMessageContaining("7 NFE");
  }

  @Test
  void theBestScoreNeverDecreasesAsNGrows() {
    float previous = Float.NEGATIVE_INFINITY;
    List<Candidate> previousTrace = List.of();
    for (int n : new int[] {1, 2, 4, 8, 16, 32}) {
      Traced out = search(n, 1_000_000, 16, new NfeMeter(model), new ArrayList<>());
      // up to the rounding of batched float32 scoring (a candidate's score may differ in the last bits
      // with the size of the batch it was scored in)
      assertThat(out.best().score()).isGreaterThanOrEqualTo(previous - 1e-6f * Math.max(1f, Math.abs(previous)));
      // nested candidate sets: the first noises are the same for every N
      for (int i = 0; i < previousTrace.size(); i++) {
        assertThat(out.trace().get(i).noise()).containsExactly(previousTrace.get(i).noise());
      }
      previous = out.best().score();
      previousTrace = out.trace();
    }
  }

  @Test
  void scoresDoNotDependOnTheBatchSize() {
    Traced one = search(12, 1_000_000, 1, new NfeMeter(model), new ArrayList<>());
    Traced many = search(12, 1_000_000, 5, new NfeMeter(model), new ArrayList<>());
    for (int i = 0; i < 12; i++) {
      assertThat(many.trace().get(i).score()).isCloseTo(one.trace().get(i).score(), org.assertj.core.data.Offset.offset(1e-4f));
    }
    assertThat(many.best().id()).isEqualTo(one.best().id());
  }

  @Test
  void theBestIsTheHighestScoredCandidate() {
    Traced out = search(20, 1_000_000, 7, new NfeMeter(model), new ArrayList<>());
    float max = Float.NEGATIVE_INFINITY;
    for (Candidate c : out.trace()) {
      max = Math.max(max, c.score());
    }
    assertThat(out.best().score()).isEqualTo(max);
    assertThat(out.trace()).extracting(Candidate::id).doesNotHaveDuplicates();
  }
}
