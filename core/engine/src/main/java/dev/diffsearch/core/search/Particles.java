package dev.diffsearch.core.search;

import dev.diffsearch.api.spi.Candidate;
import dev.diffsearch.api.spi.Particle;
import dev.diffsearch.api.spi.Recipe;
import dev.diffsearch.core.noise.NoiseSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The particle operations of one output's search: states solved part of the way, renoised, scored on
 * their clean prediction. Particles go through the evaluator in batches of consecutive particles at one σ,
 * at most max batch each; their order is kept.
 */
final class Particles {

  private final Costs costs;
  private final Evaluator evaluator;
  private final Trace trace;
  private final NoiseSource noise;

  Particles(Costs costs, Evaluator evaluator, Trace trace, NoiseSource noise) {
    this.costs = costs;
    this.evaluator = evaluator;
    this.trace = trace;
    this.noise = noise;
  }

  /** Unit noises as particles at σ_max (no NFE). */
  List<Particle> start(List<float[]> noises) {
    double sigmaMax = costs.sigmaMax();
    List<Particle> out = new ArrayList<>(noises.size());
    for (float[] n : noises) {
      out.add(new Particle(null, Recipe.startState(sigmaMax, n), Recipe.start(sigmaMax, n), null));
    }
    return out;
  }

  /** Solves particles down to σ = {@code to} (see {@link Costs#segment}). */
  List<Particle> solve(List<Particle> particles, double to, int steps) {
    return mapBatches(particles, (batch) -> solveBatch(batch, to, steps).particles());
  }

  /** A solved batch: its particles and their states row after row. */
  private record SolvedBatch(List<Particle> particles, float[] flat) {}

  private SolvedBatch solveBatch(List<Particle> batch, double to, int steps) {
    double[] segment = costs.segment(batch.get(0).sigma(), to, steps);
    int b = batch.size();
    int dim = evaluator.sampleSize();
    float[] solved = evaluator.solve(states(batch), b, segment);
    List<Particle> out = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      Particle p = batch.get(i);
      out.add(new Particle(p.candidate(), Arrays.copyOfRange(solved, i * dim, (i + 1) * dim), p.recipe().solve(to),
          p.clean()));
    }
    return new SolvedBatch(out, solved);
  }

  /** Renoises particles up to σ = {@code to} with the exact forward kernel and fresh unit noise (no NFE). */
  List<Particle> renoise(List<Particle> particles, double to) {
    List<Particle> out = new ArrayList<>(particles.size());
    List<float[]> noises = noise.kicks(particles.size(), evaluator.sampleSize());
    for (int i = 0; i < particles.size(); i++) {
      Particle p = particles.get(i);
      float[] eps = noises.get(i);
      out.add(new Particle(p.candidate(), Recipe.kick(p.state(), p.sigma(), to, eps), p.recipe().renoise(to, eps),
          p.clean()));
    }
    return out;
  }

  /** Scores particles, each becoming a reported candidate (see {@link Evaluator#score}). */
  List<Particle> score(List<Particle> particles) {
    return mapBatches(particles, (batch) -> scoreBatch(batch, states(batch)));
  }

  /** {@link #score}{@code (}{@link #solve}{@code (...))} with each batch's states gathered once. */
  List<Particle> solveAndScore(List<Particle> particles, double to, int steps) {
    return mapBatches(particles, (batch) -> {
      SolvedBatch solved = solveBatch(batch, to, steps);
      return scoreBatch(solved.particles(), solved.flat());
    });
  }

  /** One batch scored; {@code flat} holds the batch's states row after row. */
  private List<Particle> scoreBatch(List<Particle> batch, float[] flat) {
    double sigma = batch.get(0).sigma();
    int b = batch.size();
    List<String> ids = trace.newIds(b);
    List<float[]> latest = null; // each particle's latest clean prediction: the taps of a score at σ = 0
    if (sigma == 0 && evaluator.taps()) {
      latest = new ArrayList<>(b);
      for (Particle p : batch) {
        latest.add(p.clean() == null ? p.state() : p.clean());
      }
    }
    Evaluator.Scored scored = evaluator.score(flat, b, sigma, ids, latest);
    List<Particle> out = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      Particle p = batch.get(i);
      Candidate c = trace.report(ids.get(i), p.id(), p.recipe(), sigma, scored, i);
      out.add(new Particle(c, p.state(), p.recipe(), sigma > 0 ? scored.clean()[i] : p.state()));
    }
    return out;
  }

  /** Applies {@code f} to runs of consecutive particles at the same σ, at most max batch each; order kept. */
  private List<Particle> mapBatches(List<Particle> particles, Function<List<Particle>, List<Particle>> f) {
    List<Particle> out = new ArrayList<>(particles.size());
    int start = 0;
    while (start < particles.size()) {
      double sigma = particles.get(start).sigma();
      int end = start + 1;
      while (end < particles.size() && end - start < costs.maxBatch() && particles.get(end).sigma() == sigma) {
        end++;
      }
      out.addAll(f.apply(particles.subList(start, end)));
      start = end;
    }
    return out;
  }

  /** The particles' states, row after row. */
  private float[] states(List<Particle> batch) {
    List<float[]> rows = new ArrayList<>(batch.size());
    for (Particle p : batch) {
      rows.add(p.state());
    }
    return Evaluator.flatten(rows, evaluator.sampleSize());
  }
}
