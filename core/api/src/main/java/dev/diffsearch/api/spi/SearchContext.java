package dev.diffsearch.api.spi;

import java.util.List;

/**
 * What a search algorithm works with for one output: its budget (spent and left; the engine meters every
 * evaluation, and an evaluation that would pass the budget fails before it runs), the seeded noise,
 * candidate ids, whole-candidate evaluation and the particle operations. Every candidate scored goes to the
 * run as it is scored; algorithms never count NFE themselves.
 */
public interface SearchContext extends SearchBudget {

  /** NFE spent on this output so far. */
  long nfeSpent();

  /** NFE left under the budget. */
  long nfeRemaining();

  // ---- noise: every draw comes from the output's seeded source, so a search is reproducible ----

  /** A fresh unit Gaussian noise of one sample's size. */
  float[] drawNoise();

  /** {@code count} fresh unit noises: the same as {@code count} calls of {@link #drawNoise()}, drawn in parallel. */
  List<float[]> drawNoises(int count);

  /** A uniform draw in [0, 1) (e.g. for systematic resampling). */
  double drawUniform();

  // ---- whole candidates ----

  /** The id the next candidate will get: a parent for candidates scored in the same batch as it. */
  String peekId();

  /**
   * Solves unit noises (x(σ_max) = σ_max·n) to σ = 0 with the search sampler, scores them and reports
   * each candidate; batched by {@link #maxBatch()}; {@link #costPerCandidate()} NFE each.
   *
   * @param parents parent id per noise (null entries, or a null list, for none)
   */
  List<Candidate> evaluate(List<float[]> noises, List<String> parents);

  // ---- particles: states solved part of the way, renoised, scored on their clean prediction ----

  /** Unit noises as particles at σ_max (no NFE). */
  List<Particle> start(List<float[]> noises);

  /**
   * Solves particles down to σ = {@code to} along {@code steps} Karras-spaced steps, or, when
   * {@code steps < 1}, the search sampler's own grid points ({@link #solveCost} NFE each); batched by σ
   * and max batch, order kept.
   */
  List<Particle> solve(List<Particle> particles, double to, int steps);

  /**
   * Renoises particles up to σ = {@code to} with the exact forward kernel x_b = x_a + √(σ_b² − σ_a²)·ε,
   * ε fresh unit noise (no NFE); the recipe records ε.
   */
  List<Particle> renoise(List<Particle> particles, double to);

  /**
   * Scores particles: above σ = 0 on their clean prediction x̂0 = D(x; σ) (one NFE each), at σ = 0 on
   * the state itself. Each becomes a reported candidate (parent: the particle's previous candidate);
   * verifier taps are filled with the latest clean prediction.
   */
  List<Particle> score(List<Particle> particles);

  /** {@link #score}{@code (}{@link #solve}{@code (particles, to, steps))}, each batch solved and scored in one go. */
  List<Particle> solveAndScore(List<Particle> particles, double to, int steps);

  /** The candidate a scored particle was last reported as. */
  default Candidate candidateOf(Particle particle) {
    if (particle.candidate() == null) {
      throw new IllegalArgumentException("the particle was never scored");
    }
    return particle.candidate();
  }
}
