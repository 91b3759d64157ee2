package dev.diffsearch.core.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.core.config.ConfigException;
import dev.diffsearch.core.denoise.NfeMeter;
import dev.diffsearch.core.denoise.UploadBuffer;
import dev.diffsearch.core.noise.NoiseSource;
import dev.diffsearch.core.sampling.SigmaGrid;
import dev.diffsearch.core.spi.Candidate;
import dev.diffsearch.core.spi.CandidateListener;
import dev.diffsearch.core.spi.Recipe;
import dev.diffsearch.core.spi.Sampler;
import dev.diffsearch.core.spi.StepObserver;
import dev.diffsearch.core.spi.Verifier;
import dev.diffsearch.core.spi.VerifierInput;
import dev.diffsearch.core.spi.VerifierScores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything a search needs for one output: the metered denoiser (whose hard limit is the budget), the
 * search sampler, the verifier, the condition, the seeded noise source and the listener that records
 * candidates. {@link #evaluate} runs noises through denoiser and verifier in batches of at most
 * {@link #maxBatch()} rows; algorithms never count NFE themselves.
 */
public final class SearchContext {

  private final NfeMeter denoiser;
  private final Sampler sampler;
  private final Verifier verifier;
  private final int classLabel;
  private final long budget;
  private final int maxBatch;
  private final NoiseSource noise;
  private final CandidateListener listener;
  private final NDManager manager;
  private final double[] grid;
  private long reported;
  /** Batches of states on their way to the engine; each upload lives within one scope. */
  private final UploadBuffer upload = new UploadBuffer();
  private int nextId;

  public SearchContext(
      NfeMeter denoiser,
      Sampler sampler,
      Verifier verifier,
      int classLabel,
      long budget,
      int maxBatch,
      NoiseSource noise,
      CandidateListener listener,
      NDManager manager) {
    this.denoiser = denoiser;
    this.sampler = sampler;
    this.verifier = verifier;
    this.classLabel = classLabel;
    this.budget = budget;
    this.maxBatch = maxBatch;
    this.noise = noise;
    this.listener = listener;
    this.manager = manager;
    this.grid = SigmaGrid.withPoints(sampler.sigmas(), verifier.tapSigmas());
    denoiser.reset(budget);
  }

  public NfeMeter denoiser() {
    return denoiser;
  }

  public Sampler sampler() {
    return sampler;
  }

  public Verifier verifier() {
    return verifier;
  }

  /** The conditioning class, or {@link dev.diffsearch.core.spi.Denoiser#UNCONDITIONAL}. */
  public int classLabel() {
    return classLabel;
  }

  /** The hard NFE ceiling of this search. */
  public long budget() {
    return budget;
  }

  public int maxBatch() {
    return maxBatch;
  }

  public NoiseSource noise() {
    return noise;
  }

  public NDManager manager() {
    return manager;
  }

  /** The search sampler's grid with the verifier's tap σ values inserted. */
  public double[] grid() {
    return grid.clone();
  }

  public Shape sampleShape() {
    return denoiser.sampleShape();
  }

  /** Elements of one sample, C·H·W. */
  public int sampleSize() {
    return (int) denoiser.sampleShape().size();
  }

  /** NFE to solve and score one candidate from σ_max to 0. */
  public long costPerCandidate() {
    return sampler.nfe(grid);
  }

  public long nfeSpent() {
    return denoiser.nfe();
  }

  public long nfeRemaining() {
    return budget - denoiser.nfe();
  }

  /** A fresh unit Gaussian noise of one sample's size from the seeded source. */
  public float[] drawNoise() {
    return noise.gaussian(sampleSize());
  }

  /** {@code count} fresh unit noises: the same as {@code count} calls of {@link #drawNoise()}, drawn in parallel. */
  public List<float[]> drawNoises(int count) {
    return noise.gaussians(count, sampleSize());
  }

  /** A fresh candidate id. */
  public String newId() {
    return formatId(nextId++);
  }

  /** The id the next candidate will get: a parent for candidates scored in the same batch as it. */
  public String peekId() {
    return formatId(nextId);
  }

  private static String formatId(int id) {
    String n = Integer.toString(id);
    return n.length() >= 5 ? "c" + n : "c" + "00000".substring(n.length()) + n;
  }

  /**
   * How many candidates were scored and reported so far. The candidates themselves went to the listener:
   * the context keeps none of them, so that what it holds does not grow with the budget.
   */
  public long candidatesReported() {
    return reported;
  }

  private void report(Candidate candidate) {
    reported++;
    listener.onCandidate(candidate);
  }

  /**
   * Refuses, as bad input at {@code key}, settings that would hold {@code samples} samples of this model
   * in memory at once, each as about {@code arraysPerSample} float arrays of {@link #sampleSize()}
   * (state, noise, clean prediction, …), when that is more than {@link #memoryLimit()}. The message names
   * {@code what} holds them (e.g. {@code "paths × branches"}) and the numbers. How an algorithm bounds what
   * it allocates up front, before it allocates it; an algorithm whose population grows with the budget
   * must call it, and should otherwise stream (keep the best so far, not every candidate).
   */
  public void requireMemory(String key, long samples, int arraysPerSample, String what) {
    long floats = denoiser.sampleShape().size();
    double bytes = (double) samples * arraysPerSample * floats * Float.BYTES;
    long limit = memoryLimit();
    if (bytes > limit) {
      throw new ConfigException(key, what + " = " + samples + " samples held at once need about " + bytes(bytes)
          + " (" + arraysPerSample + " arrays of " + floats + " floats each), more than the " + bytes(limit)
          + " a search may hold: half the JVM's maximum heap (raise it with JAVA_OPTS=-Xmx…)");
    }
    long batch = Math.min(samples, maxBatch);
    if ((double) batch * floats > Integer.MAX_VALUE - 8) {
      throw new ConfigException("search.max-batch", "a batch of " + batch + " samples of " + floats
          + " floats is more than one Java array holds; lower search.max-batch");
    }
  }

  /** What a search may hold in samples: half the JVM's maximum heap. */
  public static long memoryLimit() {
    return Runtime.getRuntime().maxMemory() / 2;
  }

  private static String bytes(double b) {
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
    int u = 0;
    while (b >= 1000 && u < units.length - 1) {
      b /= 1000;
      u++;
    }
    return String.format(java.util.Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
  }

  /**
   * Solves unit noises (x(σ_max) = σ_max·n) to σ = 0 with the search sampler, scores them and reports
   * each candidate; batched by {@link #maxBatch()}.
   *
   * @param parents parent id per noise (null entries, or a null list, for none)
   */
  public List<Candidate> evaluate(List<float[]> noises, List<String> parents) {
    List<Candidate> out = new ArrayList<>(noises.size());
    int dim = sampleSize();
    double sigmaMax = grid[0];
    double[] tapSigmas = verifier.tapSigmas();
    for (int start = 0; start < noises.size(); start += maxBatch) {
      int b = Math.min(maxBatch, noises.size() - start);
      float[] flat = new float[b * dim];
      for (int i = 0; i < b; i++) {
        System.arraycopy(noises.get(start + i), 0, flat, i * dim, dim);
      }
      List<String> ids = new ArrayList<>(b);
      for (int i = 0; i < b; i++) {
        ids.add(newId());
      }
      int[] classes = new int[b];
      Arrays.fill(classes, classLabel);
      float[] scores;
      Map<String, float[]> parts;
      try (NDManager chunk = manager.newSubManager()) {
        NDArray x = upload.upload(chunk, flat, batchShape(b)).mul(sigmaMax);
        Map<Double, NDArray> taps = new HashMap<>();
        NDArray x0 =
            sampler.solve(
                denoiser,
                x,
                classes,
                grid,
                (step, sigma, state, denoised) -> {
                  for (double t : tapSigmas) {
                    if (t == sigma) {
                      NDArray kept = denoised.duplicate();
                      kept.attach(chunk);
                      taps.put(t, kept);
                    }
                  }
                });
        VerifierScores all = verifier.scoreAll(new VerifierInput(ids, x0, classes, taps));
        scores = all.total();
        parts = all.parts();
      }
      if (scores.length != b) {
        throw new IllegalStateException("verifier returned " + scores.length + " scores for " + b + " candidates");
      }
      long spent = denoiser.nfe();
      for (int i = 0; i < b; i++) {
        String parent = parents == null ? null : parents.get(start + i);
        Candidate c = new Candidate(ids.get(i), parent, Recipe.solved(sigmaMax, noises.get(start + i)), 0.0, spent,
            scores[i], row(parts, i));
        out.add(c);
        report(c);
      }
    }
    return out;
  }

  // ---- particle searches: states solved part of the way, renoised, scored on their clean prediction ----

  /** Unit noises as particles at σ_max (no NFE). */
  public List<Particle> start(List<float[]> noises) {
    double sigmaMax = grid[0];
    List<Particle> out = new ArrayList<>(noises.size());
    for (float[] n : noises) {
      out.add(new Particle(null, Recipe.startState(sigmaMax, n), Recipe.start(sigmaMax, n), null));
    }
    return out;
  }

  /**
   * The grid a particle solve from {@code from} down to {@code to} follows: {@code steps} Karras-spaced
   * steps (ρ = 7), or, when {@code steps < 1}, the search sampler's own grid points between the two.
   */
  public double[] segmentGrid(double from, double to, int steps) {
    return steps < 1
        ? SigmaGrid.between(sampler.sigmas(), from, to)
        : SigmaGrid.karrasBetween(from, to, steps, 7.0);
  }

  /** NFE per particle of a solve from {@code from} down to {@code to}. */
  public long solveCost(double from, double to, int steps) {
    return sampler.nfe(segmentGrid(from, to, steps));
  }

  /** Solves particles down to σ = {@code to} (see {@link #segmentGrid}), batched by σ and max batch. */
  public List<Particle> solve(List<Particle> particles, double to, int steps) {
    return mapBatches(particles, (batch) -> solveBatch(batch, to, steps).particles());
  }

  /** A solved batch: its particles and their states row after row. */
  private record SolvedBatch(List<Particle> particles, float[] flat) {}

  private SolvedBatch solveBatch(List<Particle> batch, double to, int steps) {
    double from = batch.get(0).sigma();
    double[] segment = segmentGrid(from, to, steps);
    int b = batch.size();
    int dim = sampleSize();
    float[] solved = sampler.solve(denoiser, manager, states(batch), batchShape(b), classes(b), segment, StepObserver.NONE);
    List<Particle> out = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      Particle p = batch.get(i);
      out.add(new Particle(p.candidate(), Arrays.copyOfRange(solved, i * dim, (i + 1) * dim), p.recipe().solve(to),
          p.clean()));
    }
    return new SolvedBatch(out, solved);
  }

  /**
   * Renoises particles up to σ = {@code to} with the exact forward kernel x_b = x_a + √(σ_b² − σ_a²)·ε,
   * ε fresh unit noise from the seeded source (no NFE); the recipe records ε.
   */
  public List<Particle> renoise(List<Particle> particles, double to) {
    List<Particle> out = new ArrayList<>(particles.size());
    List<float[]> noises = noise.kicks(particles.size(), sampleSize());
    for (int i = 0; i < particles.size(); i++) {
      Particle p = particles.get(i);
      float[] eps = noises.get(i);
      out.add(new Particle(p.candidate(), Recipe.kick(p.state(), p.sigma(), to, eps), p.recipe().renoise(to, eps),
          p.clean()));
    }
    return out;
  }

  /**
   * Scores particles: above σ = 0 on their clean prediction x̂0 = D(x; σ) (one NFE each), at σ = 0 on
   * the state itself. Each becomes a reported candidate (parent: the particle's previous candidate);
   * verifier taps are filled with the latest clean prediction.
   */
  public List<Particle> score(List<Particle> particles) {
    return mapBatches(particles, (batch) -> scoreBatch(batch, states(batch)));
  }

  /**
   * {@link #score}{@code (}{@link #solve}{@code (particles, to, steps))} with each batch solved and scored
   * in one go (one gathering of the states instead of two).
   */
  public List<Particle> solveAndScore(List<Particle> particles, double to, int steps) {
    return mapBatches(particles, (batch) -> {
      SolvedBatch solved = solveBatch(batch, to, steps);
      return scoreBatch(solved.particles(), solved.flat());
    });
  }

  /** One batch scored; {@code flat} holds the batch's states row after row. */
  private List<Particle> scoreBatch(List<Particle> batch, float[] flat) {
    double sigma = batch.get(0).sigma();
    int b = batch.size();
    int dim = sampleSize();
    List<String> ids = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      ids.add(newId());
    }
    double[] tapSigmas = verifier.tapSigmas();
    float[][] clean = new float[b][];
    float[] scores;
    Map<String, float[]> parts;
    try (NDManager scope = manager.newSubManager()) {
      NDArray samples = upload.upload(scope, flat, batchShape(b)); // lives within this scope
      if (sigma > 0) {
        float[] levels = new float[b];
        Arrays.fill(levels, (float) sigma);
        samples = denoiser.denoise(samples, scope.create(levels).toType(samples.getDataType(), false), classes(b));
        if (tapSigmas.length > 0) { // kept only to fill the taps of a later score at σ = 0
          float[] predicted = samples.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
          for (int i = 0; i < b; i++) {
            clean[i] = Arrays.copyOfRange(predicted, i * dim, (i + 1) * dim);
          }
        }
      }
      Map<Double, NDArray> taps = new HashMap<>();
      if (tapSigmas.length > 0) {
        NDArray tap = samples;
        if (sigma == 0) {
          float[][] latest = new float[b][];
          for (int i = 0; i < b; i++) {
            latest[i] = batch.get(i).clean() == null ? batch.get(i).state() : batch.get(i).clean();
          }
          tap = scope.create(flatten(latest), batchShape(b));
        }
        for (double t : tapSigmas) {
          taps.put(t, tap);
        }
      }
      VerifierScores all = verifier.scoreAll(new VerifierInput(ids, samples, classes(b), taps));
      scores = all.total();
      parts = all.parts();
    }
    long spent = denoiser.nfe();
    List<Particle> out = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      Particle p = batch.get(i);
      Candidate c = new Candidate(ids.get(i), p.id(), p.recipe(), sigma, spent, scores[i], row(parts, i));
      report(c);
      out.add(new Particle(c, p.state(), p.recipe(), sigma > 0 ? clean[i] : p.state()));
    }
    return out;
  }

  /** The candidate a scored particle was last reported as. */
  public Candidate candidateOf(Particle particle) {
    if (particle.candidate() == null) {
      throw new IllegalArgumentException("the particle was never scored");
    }
    return particle.candidate();
  }

  /** Applies {@code f} to runs of consecutive particles at the same σ, at most max batch each; order kept. */
  private List<Particle> mapBatches(List<Particle> particles, Function<List<Particle>, List<Particle>> f) {
    List<Particle> out = new ArrayList<>(particles.size());
    int start = 0;
    while (start < particles.size()) {
      double sigma = particles.get(start).sigma();
      int end = start + 1;
      while (end < particles.size() && end - start < maxBatch && particles.get(end).sigma() == sigma) {
        end++;
      }
      out.addAll(f.apply(particles.subList(start, end)));
      start = end;
    }
    return out;
  }

  /** Row {@code i} of each part score. */
  private static Map<String, Float> row(Map<String, float[]> parts, int i) {
    if (parts.isEmpty()) {
      return Map.of();
    }
    Map<String, Float> out = new java.util.TreeMap<>();
    parts.forEach((name, values) -> out.put(name, values[i]));
    return out;
  }

  /** The particles' states, row after row. */
  private static float[] states(List<Particle> batch) {
    float[][] rows = new float[batch.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = batch.get(i).state();
    }
    return flatten(rows);
  }

  private static float[] flatten(float[][] rows) {
    int dim = rows[0].length;
    float[] flat = new float[rows.length * dim];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * dim, dim);
    }
    return flat;
  }

  private int[] classes(int b) {
    int[] c = new int[b];
    Arrays.fill(c, classLabel);
    return c;
  }

  /** {@code [b, C, H, W]} for this model. */
  public Shape batchShape(int b) {
    long[] dims = new long[sampleShape().dimension() + 1];
    dims[0] = b;
    System.arraycopy(sampleShape().getShape(), 0, dims, 1, dims.length - 1);
    return new Shape(dims);
  }
}
