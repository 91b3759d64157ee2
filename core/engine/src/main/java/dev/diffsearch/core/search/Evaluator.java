package dev.diffsearch.core.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.spi.Candidate;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.Recipe;
import dev.diffsearch.api.spi.StepObserver;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.api.spi.VerifierScores;
import dev.diffsearch.core.denoise.UploadBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts batches through the metered denoiser and the verifier, filling the verifier's taps: whole
 * candidates solved from σ_max to 0 along the grid with the tap σ values, particle states solved along a
 * segment, and particle states scored on their clean prediction.
 */
final class Evaluator {

  /**
   * A scored batch.
   *
   * @param nfe the output's NFE spent when it was scored
   * @param clean each row's clean prediction x̂0 when it was scored above σ = 0 and the verifier taps
   *     (null rows otherwise)
   */
  record Scored(float[] total, Map<String, float[]> parts, long nfe, float[][] clean) {}

  private final MeteredBudget budget;
  private final Costs costs;
  private final Verifier verifier;
  private final Condition condition;
  /** What {@code Denoiser.encode} made of the output's condition, once. */
  private final Object encoding;
  /** The metered denoiser. */
  private final Denoiser denoiser;
  private final NDManager manager;
  private final Trace trace;
  private final Shape sampleShape;
  /** Batches of states on their way to the engine; each upload lives within one scope. */
  private final UploadBuffer upload = new UploadBuffer();

  Evaluator(MeteredBudget budget, Costs costs, Verifier verifier, Condition condition, Object encoding,
      NDManager manager, Trace trace) {
    this.budget = budget;
    this.costs = costs;
    this.verifier = verifier;
    this.condition = condition;
    this.encoding = encoding;
    this.denoiser = budget.denoiser();
    this.manager = manager;
    this.trace = trace;
    this.sampleShape = denoiser.sampleShape();
  }

  /** Elements of one sample, C·H·W. */
  int sampleSize() {
    return (int) sampleShape.size();
  }

  /** Whether the verifier asks for clean predictions at some σ. */
  boolean taps() {
    return costs.tapSigmas().length > 0;
  }

  /**
   * Solves unit noises (x(σ_max) = σ_max·n) to σ = 0 along the grid with the taps, scores them and reports
   * each candidate; batched by max batch.
   *
   * @param parents parent id per noise (null entries, or a null list, for none)
   */
  List<Candidate> evaluate(List<float[]> noises, List<String> parents) {
    List<Candidate> out = new ArrayList<>(noises.size());
    double[] grid = costs.grid();
    double sigmaMax = grid[0];
    double[] tapSigmas = costs.tapSigmas();
    for (int start = 0; start < noises.size(); start += costs.maxBatch()) {
      int b = Math.min(costs.maxBatch(), noises.size() - start);
      float[] flat = flatten(noises.subList(start, start + b), sampleSize());
      List<String> ids = trace.newIds(b);
      Scored scored;
      try (NDManager chunk = manager.newSubManager()) {
        NDArray x = upload.upload(chunk, flat, batchShape(b)).mul(sigmaMax);
        Map<Double, NDArray> taps = new HashMap<>();
        NDArray x0 =
            costs.sampler().solve(
                denoiser,
                x,
                conditioning(b),
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
        scored = scored(new VerifierInput(ids, x0, taps, conditions(b)), null);
      }
      if (scored.total().length != b) {
        throw new IllegalStateException("verifier returned " + scored.total().length + " scores for " + b + " candidates");
      }
      for (int i = 0; i < b; i++) {
        String parent = parents == null ? null : parents.get(start + i);
        out.add(trace.report(ids.get(i), parent, Recipe.solved(sigmaMax, noises.get(start + i)), 0.0, scored, i));
      }
    }
    return out;
  }

  /** States of {@code b} samples (row after row) solved along {@code segment}, as a new array. */
  float[] solve(float[] states, int b, double[] segment) {
    return costs.sampler().solve(denoiser, manager, states, batchShape(b), conditioning(b), segment,
        StepObserver.NONE);
  }

  /**
   * Scores states of {@code b} samples at σ = {@code sigma} (row after row): above 0 on their clean
   * prediction D(x; σ) (one NFE each), at 0 on the states themselves. The taps get the clean prediction,
   * at σ = 0 {@code latest} (each row's latest clean prediction; needed only when the verifier taps).
   */
  Scored score(float[] states, int b, double sigma, List<String> ids, List<float[]> latest) {
    int dim = sampleSize();
    float[][] clean = new float[b][];
    try (NDManager scope = manager.newSubManager()) {
      NDArray samples = upload.upload(scope, states, batchShape(b)); // lives within this scope
      if (sigma > 0) {
        float[] levels = new float[b];
        Arrays.fill(levels, (float) sigma);
        samples = denoiser.denoise(samples, scope.create(levels).toType(samples.getDataType(), false),
            conditioning(b));
        if (taps()) { // kept only to fill the taps of a later score at σ = 0
          float[] predicted = samples.toType(DataType.FLOAT32, false).toFloatArray();
          for (int i = 0; i < b; i++) {
            clean[i] = Arrays.copyOfRange(predicted, i * dim, (i + 1) * dim);
          }
        }
      }
      Map<Double, NDArray> taps = new HashMap<>();
      if (taps()) {
        NDArray tap = sigma == 0 ? scope.create(flatten(latest, dim), batchShape(b)) : samples;
        for (double t : costs.tapSigmas()) {
          taps.put(t, tap);
        }
      }
      return scored(new VerifierInput(ids, samples, taps, conditions(b)), clean);
    }
  }

  /** The verifier's scores of {@code input}, with the NFE spent so far. */
  private Scored scored(VerifierInput input, float[][] clean) {
    VerifierScores all = verifier.scoreAll(input);
    return new Scored(all.total(), all.parts(), budget.spent(), clean);
  }

  /** Rows of {@code dim} floats, one after the other. */
  static float[] flatten(List<float[]> rows, int dim) {
    float[] flat = new float[rows.size() * dim];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, flat, i * dim, dim);
    }
    return flat;
  }

  /** {@code b} rows on the output's condition and its encoding. */
  private Conditioning conditioning(int b) {
    return Conditioning.repeat(condition, encoding, b);
  }

  private List<Condition> conditions(int b) {
    return java.util.Collections.nCopies(b, condition);
  }

  /** {@code [b, C, H, W]} for this model. */
  private Shape batchShape(int b) {
    long[] dims = new long[sampleShape.dimension() + 1];
    dims[0] = b;
    System.arraycopy(sampleShape.getShape(), 0, dims, 1, dims.length - 1);
    return new Shape(dims);
  }
}
