package dev.diffsearch.core.search;

import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.Sampler;
import dev.diffsearch.api.spi.SearchAlgorithm;
import dev.diffsearch.api.spi.SearchPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place a search's settings are checked against its budget and memory, before any compute is
 * spent: {@link #plan} asks the algorithm once for its planned NFE (no model needed) and refuses what the
 * budget does not pay for; {@link #checkMemory}, once the model's sample shape is known, refuses what the
 * algorithm declared it holds at once when memory cannot hold it. It keeps what the plan found for the
 * run's record: the planned NFE and the sizes the algorithm derived from the budget.
 */
public final class SearchPlanner extends Costs implements SearchPlan {

  /** What an algorithm declared it holds at once ({@link SearchPlan#requireMemory}). */
  private record Holding(String key, long samples, int arraysPerSample, String what) {}

  private final List<Holding> holdings = new ArrayList<>();
  private final Map<String, Long> derived = new LinkedHashMap<>();
  private long planned = -1;

  public SearchPlanner(Sampler sampler, double[] tapSigmas, long budget, int maxBatch) {
    super(sampler, tapSigmas, budget, maxBatch);
  }

  @Override
  public void requireMemory(String key, long samples, int arraysPerSample, String what) {
    holdings.add(new Holding(key, samples, arraysPerSample, what));
  }

  @Override
  public void derived(String key, long value) {
    derived.put(key, value);
  }

  /** The sizes the algorithm derived from the budget ({@link SearchPlan#derived}), by key, in the order given. */
  public Map<String, Long> derivedSizes() {
    return Collections.unmodifiableMap(derived);
  }

  /** What {@link #plan} returned; −1 before it did. */
  public long plannedNfe() {
    return planned;
  }

  /**
   * The NFE per output {@code algorithm} plans with these settings; a {@code search.nfe} error when it is
   * more than the budget.
   *
   * @param name the algorithm as messages name it (its YAML name)
   */
  public long plan(String name, SearchAlgorithm algorithm) {
    long planned = algorithm.plannedNfe(this);
    if (planned < 0) {
      throw new IllegalStateException("it planned a negative NFE (" + planned + ")");
    }
    if (planned > budget()) {
      throw new ConfigException("search.nfe", name + " needs " + planned + " NFE per output with these settings, "
          + "the budget is " + budget());
    }
    this.planned = planned;
    return planned;
  }

  /**
   * Refuses, as bad input at its key, each holding {@link #plan} declared whose samples of
   * {@code sampleShape}, each about {@code arraysPerSample} float arrays, need more than
   * {@link #memoryLimit()}, or whose batch ({@link #maxBatch()} of them at most) is more than one Java
   * array holds.
   */
  public void checkMemory(Shape sampleShape) {
    checkMemory(sampleShape, 1);
  }

  /**
   * {@link #checkMemory(Shape)} for {@code outputsInFlight} outputs searched at once, each holding what the plan
   * declared: together they may hold no more than one search may; when one would fit and they do not, the error
   * names {@code search.outputs-in-flight}.
   */
  public void checkMemory(Shape sampleShape, int outputsInFlight) {
    long floats = sampleShape.size();
    for (Holding h : holdings) {
      double bytes = (double) h.samples() * h.arraysPerSample() * floats * Float.BYTES;
      long limit = memoryLimit();
      if (bytes > limit) {
        throw new ConfigException(h.key(), h.what() + " = " + h.samples() + " samples held at once need about "
            + bytes(bytes) + " (" + h.arraysPerSample() + " arrays of " + floats + " floats each), more than the "
            + bytes(limit) + " a search may hold: half the JVM's maximum heap (raise it with JAVA_OPTS=-Xmx…)");
      }
      if (bytes * outputsInFlight > limit) {
        throw new ConfigException("search.outputs-in-flight", outputsInFlight + " outputs in flight, each holding "
            + h.what() + " = " + h.samples() + " samples (about " + bytes(bytes) + "), need about "
            + bytes(bytes * outputsInFlight) + ", more than the " + bytes(limit)
            + " searches may hold: half the JVM's maximum heap (fewer outputs in flight, or JAVA_OPTS=-Xmx…)");
      }
      long batch = Math.min(h.samples(), maxBatch());
      if ((double) batch * floats > Integer.MAX_VALUE - 8) {
        throw new ConfigException("search.max-batch", "a batch of " + batch + " samples of " + floats
            + " floats is more than one Java array holds; lower search.max-batch");
      }
    }
  }

  /** What a search may hold in samples: half the JVM's maximum heap. */
  private static long memoryLimit() {
    return Runtime.getRuntime().maxMemory() / 2;
  }

  private static String bytes(double b) {
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
    int u = 0;
    while (b >= 1000 && u < units.length - 1) {
      b /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
  }
}
