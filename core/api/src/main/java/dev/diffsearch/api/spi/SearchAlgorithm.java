package dev.diffsearch.api.spi;

/** Searches for the best sampling noise for one output within the context's NFE budget. */
public interface SearchAlgorithm {

  /**
   * The NFE per output these settings spend under {@code plan} (at least what one whole result costs,
   * even when that is more than the budget). The engine calls it once, when the pipeline is built and
   * before the model loads, and refuses the run (exit 2) when it is more than {@link SearchPlan#budget()}:
   * {@code search.nfe: NAME needs N NFE per output with these settings, the budget is B}. Throw a
   * {@code ConfigException} naming the YAML key for settings the plan shows cannot run (a start above
   * σ_max), and declare what is held at once with {@link SearchPlan#requireMemory}. {@link #search} is
   * only called with a budget that pays for what this states.
   */
  long plannedNfe(SearchPlan plan);

  /**
   * Searches one output. With outputs in flight ({@code search.outputs-in-flight}) the engine calls it for
   * several outputs at once, each on its own thread with its own context: keep an output's state in
   * locals, not in fields.
   */
  SearchOutcome search(SearchContext context);
}
