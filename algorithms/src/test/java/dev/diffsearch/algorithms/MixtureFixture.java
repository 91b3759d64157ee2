package dev.diffsearch.algorithms;

import ai.djl.ndarray.NDManager;
import dev.diffsearch.api.spi.CandidateListener;
import dev.diffsearch.api.spi.Sampler;
import dev.diffsearch.api.spi.SearchAlgorithm;
import dev.diffsearch.api.spi.SearchContext;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.core.denoise.NfeMeter;
import dev.diffsearch.core.noise.NoiseSource;
import dev.diffsearch.core.search.OutputSearch;
import dev.diffsearch.core.search.SearchPlanner;
import dev.diffsearch.plugins.mixture.MixtureFiles;
import dev.diffsearch.plugins.mixture.MixtureModel;
import dev.diffsearch.samplers.HeunSampler;
import dev.diffsearch.samplers.OdeSamplerConfig;
import java.util.List;
import java.util.Map;

/** The exact mixture model, a Heun sampler (6 steps unless told) and a verifier that prefers one component of class 3. */
final class MixtureFixture implements AutoCloseable {

  static final int CLASS = 3;
  static final int COMPONENT = 13; // a component of class 3 (4 per class)

  final NDManager manager = NDManager.newBaseManager();
  final MixtureFiles.Parameters params = MixtureFiles.bundled();
  final MixtureModel model = params.open(manager);
  final Sampler heun;

  /**
   * A typical sample t_k = μ_k + s_k·z of component k (z a fixed standard normal draw) that the verifier
   * asks for: the score −‖x − t_k‖²/D prefers samples of component k, and among them those whose noise
   * points the way of z.
   */
  final Verifier prefersOneComponent = exemplarVerifier(List.of(COMPONENT));

  private Verifier exemplarVerifier(List<Integer> components) {
    float[] z = new NoiseSource(99, 99).gaussian(784);
    List<float[]> targets = new java.util.ArrayList<>();
    for (int k : components) {
      float[] mu = params.means()[k];
      double sd = Math.sqrt(params.variances()[k]);
      float[] t = new float[mu.length];
      for (int j = 0; j < t.length; j++) {
        t[j] = (float) (mu[j] + sd * z[j]);
      }
      targets.add(t);
    }
    return new Verifier() {
      @Override
      public float[] score(VerifierInput input) {
        float[] x = input.samples().toFloatArray();
        int d = z.length;
        float[] out = new float[input.size()];
        for (int i = 0; i < out.length; i++) {
          double best = Double.NEGATIVE_INFINITY;
          for (float[] t : targets) {
            double s = 0;
            for (int j = 0; j < d; j++) {
              double diff = x[i * d + j] - t[j];
              s += diff * diff;
            }
            best = Math.max(best, -s / d);
          }
          out[i] = (float) best;
        }
        return out;
      }
    };
  }

  MixtureFixture() {
    this(6);
  }

  /** With a Heun sampler of {@code heunSteps} steps for candidates and plans (2·steps − 1 NFE a candidate). */
  MixtureFixture(int heunSteps) {
    heun = new HeunSampler(new OdeSamplerConfig(heunSteps, null, null, null));
    if (params.classes()[COMPONENT] != CLASS) {
      throw new IllegalStateException("component " + COMPONENT + " is not of class " + CLASS);
    }
  }

  SearchContext context(NfeMeter meter, long budget, long seed, int maxBatch, NDManager scope) {
    return context(meter, budget, seed, maxBatch, scope, prefersOneComponent);
  }

  SearchContext context(NfeMeter meter, long budget, long seed, int maxBatch, NDManager scope, Verifier verifier) {
    return context(meter, budget, seed, maxBatch, scope, verifier, CandidateListener.NONE);
  }

  SearchContext context(NfeMeter meter, long budget, long seed, int maxBatch, NDManager scope, Verifier verifier,
      CandidateListener listener) {
    return new OutputSearch(meter, heun, verifier, CLASS, budget, maxBatch, new NoiseSource(seed, 0), listener, scope);
  }

  /** A plan of searches with the heun sampler and {@code verifier}'s taps under {@code budget}. */
  SearchPlanner planner(long budget, int maxBatch, Verifier verifier) {
    return new SearchPlanner(heun, verifier.tapSigmas(), budget, maxBatch);
  }

  /**
   * What a pipeline does with {@code algorithm} before any search: plans it against the budget (a
   * {@code ConfigException} when the budget does not pay for it), then checks what it holds at once
   * against memory for this model's samples. Returns the planned NFE.
   */
  long check(SearchAlgorithm algorithm, long budget, int maxBatch, Verifier verifier) {
    SearchPlanner plan = planner(budget, maxBatch, verifier);
    long planned = plan.plan(name(algorithm), algorithm);
    plan.checkMemory(model.sampleShape());
    return planned;
  }

  private static final Map<Class<?>, String> NAMES = Map.of(RandomSearch.class, "random", ZeroOrderSearch.class,
      "zero-order", PathsSearch.class, "paths", BeamSearch.class, "beam", SmcSearch.class, "smc");

  /** The name a pipeline knows {@code algorithm} by, which the engine's messages use. */
  static String name(SearchAlgorithm algorithm) {
    return NAMES.get(algorithm.getClass());
  }

  @Override
  public void close() {
    manager.close();
  }
}
