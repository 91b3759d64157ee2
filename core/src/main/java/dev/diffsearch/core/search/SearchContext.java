package dev.diffsearch.core.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.core.denoise.NfeMeter;
import dev.diffsearch.core.noise.NoiseSource;
import dev.diffsearch.core.sampling.SigmaGrid;
import dev.diffsearch.core.spi.Candidate;
import dev.diffsearch.core.spi.CandidateListener;
import dev.diffsearch.core.spi.Sampler;
import dev.diffsearch.core.spi.Verifier;
import dev.diffsearch.core.spi.VerifierInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  /** A fresh candidate id. */
  public String newId() {
    String n = Integer.toString(nextId++);
    return n.length() >= 5 ? "c" + n : "c" + "00000".substring(n.length()) + n;
  }

  /** Reports a candidate to the run's listener (algorithms that score outside {@link #evaluate}). */
  public void report(Candidate candidate) {
    listener.onCandidate(candidate);
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
      try (NDManager chunk = manager.newSubManager()) {
        NDArray x = chunk.create(flat, batchShape(b)).mul(sigmaMax);
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
        scores = verifier.score(new VerifierInput(ids, x0, classes, taps));
      }
      if (scores.length != b) {
        throw new IllegalStateException("verifier returned " + scores.length + " scores for " + b + " candidates");
      }
      long spent = denoiser.nfe();
      for (int i = 0; i < b; i++) {
        String parent = parents == null ? null : parents.get(start + i);
        Candidate c = new Candidate(ids.get(i), parent, noises.get(start + i), 0.0, spent, scores[i]);
        out.add(c);
        listener.onCandidate(c);
      }
    }
    return out;
  }

  /** {@code [b, C, H, W]} for this model. */
  public Shape batchShape(int b) {
    long[] dims = new long[sampleShape().dimension() + 1];
    dims[0] = b;
    System.arraycopy(sampleShape().getShape(), 0, dims, 1, dims.length - 1);
    return new Shape(dims);
  }
}
