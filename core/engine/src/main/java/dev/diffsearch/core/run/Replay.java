package dev.diffsearch.core.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.sampling.SigmaGrid;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.Recipe;
import dev.diffsearch.api.spi.Sampler;
import dev.diffsearch.api.spi.StepObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replays recipes with a sampler: how a run renders its winners (alone, or a cohort's together) and how
 * {@code regenerate} renders them again, bit for bit.
 */
public final class Replay {

  private Replay() {}

  /**
   * Replays a recipe alone, as a batch of one, with {@code sampler}: x = σ_start·n₀, then each solve
   * along the sampler's grid points between its end points and each renoise with its saved ε. The
   * computation that makes a kept sample and that {@code regenerate} repeats bit for bit.
   *
   * @param conditioning the one row's condition and its encoding
   */
  public static float[] render(Denoiser denoiser, Sampler sampler, Recipe recipe, Conditioning conditioning,
      NDManager manager) {
    return replay(denoiser, sampler, List.of(recipe), conditioning, manager).get(0);
  }

  /**
   * Replays recipes of one shape (start σ and segments' σ values alike) as one batch, row {@code i}
   * conditioned on {@code conditions.get(i)}, with the model's encoding of the distinct conditions in row
   * order: how a cohort's winners are rendered and how {@code regenerate} renders them again.
   */
  public static List<float[]> renderTogether(Denoiser denoiser, Sampler sampler, List<Recipe> recipes,
      List<Condition> conditions, NDManager manager) {
    List<Condition> distinct = new ArrayList<>();
    int[] rows = new int[conditions.size()];
    for (int i = 0; i < rows.length; i++) {
      int at = distinct.indexOf(conditions.get(i));
      if (at < 0) {
        at = distinct.size();
        distinct.add(conditions.get(i));
      }
      rows[i] = at;
    }
    Conditioning conditioning = new Conditioning(distinct, denoiser.encode(distinct), rows);
    return replay(denoiser, sampler, recipes, conditioning, manager);
  }

  private static List<float[]> replay(Denoiser denoiser, Sampler sampler, List<Recipe> recipes,
      Conditioning conditioning, NDManager manager) {
    Shape shape = denoiser.sampleShape();
    int b = recipes.size();
    int dim = (int) shape.size();
    long[] dims = new long[shape.dimension() + 1];
    dims[0] = b;
    System.arraycopy(shape.getShape(), 0, dims, 1, shape.dimension());
    Recipe first = recipes.get(0);
    float[] x = new float[b * dim];
    for (int i = 0; i < b; i++) {
      Recipe r = recipes.get(i);
      if (!shapeOf(r).equals(shapeOf(first))) {
        throw new IllegalArgumentException("recipes rendered together must share their sigma path");
      }
      System.arraycopy(Recipe.startState(r.sigmaStart(), r.initialNoise()), 0, x, i * dim, dim);
    }
    for (int k = 0; k < first.segments().size(); k++) {
      Recipe.Segment segment = first.segments().get(k);
      if (segment.isRenoise()) {
        for (int i = 0; i < b; i++) {
          Recipe r = recipes.get(i);
          float[] row = Recipe.kick(Arrays.copyOfRange(x, i * dim, (i + 1) * dim), segment.from(), segment.to(),
              r.noises().get(r.segments().get(k).noise()));
          System.arraycopy(row, 0, x, i * dim, dim);
        }
      } else {
        try (NDManager scope = manager.newSubManager()) {
          double[] grid = SigmaGrid.between(sampler.sigmas(), segment.from(), segment.to());
          NDArray out = sampler.solve(denoiser, scope.create(x, new Shape(dims)), conditioning, grid,
              StepObserver.NONE);
          x = out.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        }
      }
    }
    List<float[]> samples = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      samples.add(Arrays.copyOfRange(x, i * dim, (i + 1) * dim));
    }
    return samples;
  }

  /** What recipes rendered in one batch must share: the start σ and each segment's σ values. */
  static List<Double> shapeOf(Recipe recipe) {
    List<Double> shape = new ArrayList<>();
    shape.add(recipe.sigmaStart());
    for (Recipe.Segment s : recipe.segments()) {
      shape.add(s.from());
      shape.add(s.to());
    }
    return shape;
  }
}
