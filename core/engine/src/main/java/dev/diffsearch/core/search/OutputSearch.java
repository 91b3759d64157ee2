package dev.diffsearch.core.search;

import ai.djl.ndarray.NDManager;
import dev.diffsearch.api.spi.Candidate;
import dev.diffsearch.api.spi.CandidateListener;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.Particle;
import dev.diffsearch.api.spi.Sampler;
import dev.diffsearch.api.spi.SearchContext;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.core.denoise.NfeMeter;
import dev.diffsearch.core.noise.NoiseSource;
import java.util.List;

/**
 * The engine's {@link SearchContext} for one output, put together from parts with one job each: the
 * budget over the NFE meter ({@link MeteredBudget}, whose hard limit is the budget), the σ grids and
 * their costs ({@link Costs}), evaluation with the verifier's taps ({@link Evaluator}), the particle
 * operations and their batching by σ ({@link Particles}), and the candidate ids and listener
 * ({@link Trace}). Noise comes from the output's seeded source.
 */
public final class OutputSearch extends Costs implements SearchContext {

  private final MeteredBudget budget;
  private final NoiseSource noise;
  private final Trace trace;
  private final Evaluator evaluator;
  private final Particles particles;

  /** Resets {@code meter} to {@code budget} as its hard limit; the search's evaluations go through it. */
  public OutputSearch(
      NfeMeter meter,
      Sampler sampler,
      Verifier verifier,
      int classLabel,
      long budget,
      int maxBatch,
      NoiseSource noise,
      CandidateListener listener,
      NDManager manager) {
    this(meter, sampler, verifier, Condition.ofClass(classLabel), meter.encode(List.of(Condition.ofClass(classLabel))),
        budget, maxBatch, noise, listener, manager);
  }

  /**
   * Resets {@code meter} to {@code budget} as its hard limit; the search's evaluations go through it,
   * conditioned on {@code condition} with {@code encoding}, what {@code meter.encode(List.of(condition))}
   * returned (once per output).
   */
  public OutputSearch(
      NfeMeter meter,
      Sampler sampler,
      Verifier verifier,
      Condition condition,
      Object encoding,
      long budget,
      int maxBatch,
      NoiseSource noise,
      CandidateListener listener,
      NDManager manager) {
    super(sampler, verifier.tapSigmas(), budget, maxBatch);
    this.budget = new MeteredBudget(meter, budget);
    this.noise = noise;
    this.trace = new Trace(listener);
    this.evaluator = new Evaluator(this.budget, this, verifier, condition, encoding, manager, trace);
    this.particles = new Particles(this, evaluator, trace, noise);
  }

  /**
   * How many candidates were scored and reported so far. The candidates themselves went to the listener:
   * the search keeps none of them, so that what it holds does not grow with the budget.
   */
  public long candidatesReported() {
    return trace.reported();
  }

  @Override
  public long nfeSpent() {
    return budget.spent();
  }

  @Override
  public long nfeRemaining() {
    return budget.remaining();
  }

  @Override
  public float[] drawNoise() {
    return noise.gaussian(evaluator.sampleSize());
  }

  @Override
  public List<float[]> drawNoises(int count) {
    return noise.gaussians(count, evaluator.sampleSize());
  }

  @Override
  public double drawUniform() {
    return noise.uniform();
  }

  @Override
  public String peekId() {
    return trace.peekId();
  }

  @Override
  public List<Candidate> evaluate(List<float[]> noises, List<String> parents) {
    return evaluator.evaluate(noises, parents);
  }

  @Override
  public List<Particle> start(List<float[]> noises) {
    return particles.start(noises);
  }

  @Override
  public List<Particle> solve(List<Particle> particles, double to, int steps) {
    return this.particles.solve(particles, to, steps);
  }

  @Override
  public List<Particle> renoise(List<Particle> particles, double to) {
    return this.particles.renoise(particles, to);
  }

  @Override
  public List<Particle> score(List<Particle> particles) {
    return this.particles.score(particles);
  }

  @Override
  public List<Particle> solveAndScore(List<Particle> particles, double to, int steps) {
    return this.particles.solveAndScore(particles, to, steps);
  }
}
