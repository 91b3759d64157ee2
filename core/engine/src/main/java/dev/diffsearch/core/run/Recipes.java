package dev.diffsearch.core.run;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.spi.Recipe;
import java.util.ArrayList;
import java.util.List;

/**
 * How a recipe is stored: its segments in summary.json, its noises in one .npy — shape (C, H, W) when
 * there is only n₀, (K, C, H, W) with n₀ first otherwise.
 */
public final class Recipes {

  private Recipes() {}

  public static ObjectNode toJson(Recipe recipe) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("sigma-start", recipe.sigmaStart());
    ArrayNode segments = node.putArray("segments");
    for (Recipe.Segment s : recipe.segments()) {
      ObjectNode seg = segments.addObject();
      seg.put("op", s.isRenoise() ? "renoise" : "solve");
      seg.put("from", s.from());
      seg.put("to", s.to());
      if (s.isRenoise()) {
        seg.put("noise", s.noise());
      }
    }
    return node;
  }

  /** The recipe of {@code json} with the given noises. */
  public static Recipe fromJson(JsonNode json, List<float[]> noises) {
    List<Recipe.Segment> segments = new ArrayList<>();
    for (JsonNode s : json.path("segments")) {
      segments.add(new Recipe.Segment(s.path("from").asDouble(), s.path("to").asDouble(), s.path("noise").asInt(-1)));
    }
    return new Recipe(json.path("sigma-start").asDouble(), segments, noises);
  }

  /**
   * The recipe of a kept output from its summary entry ({@code json}; null for the one solve from
   * {@code sigmaMax}) and the floats of its saved {@code .npy} (unit noises of {@code dim} floats each,
   * n₀ first). An {@link IllegalArgumentException} starting with {@code origin} when the two do not fit.
   */
  public static Recipe read(JsonNode json, float[] data, int dim, double sigmaMax, String origin) {
    if (data.length == 0 || data.length % dim != 0) {
      throw new IllegalArgumentException(
          origin + ": noise has " + data.length + " values, not a multiple of the model's sample size " + dim);
    }
    List<float[]> noises = unstack(data, dim);
    Recipe recipe = json == null ? Recipe.solved(sigmaMax, noises.get(0)) : fromJson(json, noises);
    int needed = 1;
    for (Recipe.Segment s : recipe.segments()) {
      if (s.isRenoise()) {
        needed = Math.max(needed, s.noise() < 0 ? Integer.MAX_VALUE : s.noise() + 1);
      }
    }
    if (recipe.noises().size() != noises.size() || needed > noises.size()) {
      throw new IllegalArgumentException(origin + ": holds " + noises.size() + " noises; the output's recipe needs "
          + (needed == Integer.MAX_VALUE ? "more" : json == null ? "1" : needed));
    }
    return recipe;
  }

  /** All noises of a recipe, n₀ first, in one flat array. */
  public static float[] stackNoises(Recipe recipe) {
    int dim = recipe.initialNoise().length;
    float[] out = new float[dim * recipe.noises().size()];
    for (int k = 0; k < recipe.noises().size(); k++) {
      System.arraycopy(recipe.noises().get(k), 0, out, k * dim, dim);
    }
    return out;
  }

  /** The .npy shape of {@link #stackNoises}. */
  public static long[] noiseShape(Recipe recipe, Shape sample) {
    if (!recipe.hasRenoise()) {
      return sample.getShape();
    }
    long[] dims = new long[sample.dimension() + 1];
    dims[0] = recipe.noises().size();
    System.arraycopy(sample.getShape(), 0, dims, 1, sample.dimension());
    return dims;
  }

  /** Splits a stacked .npy back into unit noises of {@code dim} floats each. */
  public static List<float[]> unstack(float[] data, int dim) {
    List<float[]> out = new ArrayList<>();
    for (int k = 0; k * dim < data.length; k++) {
      out.add(java.util.Arrays.copyOfRange(data, k * dim, (k + 1) * dim));
    }
    return out;
  }
}
