package dev.diffsearch.api.spi;

/**
 * What a search algorithm plans with when the pipeline is built, before the model loads: the budget, the
 * max batch and what solves cost ({@link SearchAlgorithm#plannedNfe}). There is no model yet, so nothing
 * can be evaluated and no noise drawn.
 */
public interface SearchPlan extends SearchBudget {

  /**
   * Declares that the search holds {@code samples} samples in memory at once, each as about
   * {@code arraysPerSample} float arrays of one sample's size (state, noise, clean prediction, …). Once the
   * model is open (its sample size known), and still before the run starts, the engine refuses as bad
   * input at {@code key} a holding of more than half the JVM's maximum heap, or a batch of them larger
   * than one Java array, naming {@code what} holds them (e.g. {@code "paths × branches"}) and the numbers.
   * An algorithm whose population grows with the budget must declare it, and should otherwise stream
   * (keep the best so far, not every candidate).
   */
  void requireMemory(String key, long samples, int arraysPerSample, String what);

  /**
   * Records a size the algorithm derived from the budget because its config left it out, by its key in the
   * algorithm's block ({@code "particles"} for {@code search.particles}), so that a run says what it
   * searched with: run.json lists it under {@code budget.derived}. The size must be the one
   * {@link SearchAlgorithm#search} then uses; an algorithm derives it from the {@link SearchBudget} both
   * share. (A default that records nothing, so that a plan made outside the engine, e.g. in a plugin's own
   * tests, need not implement it.)
   */
  default void derived(String key, long value) {}
}
