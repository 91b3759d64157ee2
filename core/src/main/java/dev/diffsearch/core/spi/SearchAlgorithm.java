package dev.diffsearch.core.spi;

import dev.diffsearch.core.search.SearchContext;

/** Searches for the best sampling noise for one output within the context's NFE budget. */
public interface SearchAlgorithm {

  /**
   * Refuses, before any compute is spent, settings that {@code context} cannot run: a budget that pays for
   * less than the settings need, more samples held at once than memory allows
   * ({@link SearchContext#requireMemory}). Throws a {@code ConfigException} naming the YAML key. The
   * engine calls it once per run, before the run directory is made, on a context like the outputs' (no
   * NDArray is created and nothing is drawn from its noise source); {@link #search} may call it again.
   * Accepts everything by default.
   */
  default void check(SearchContext context) {}

  SearchOutcome search(SearchContext context);
}
