package dev.diffsearch.core.spi;

import dev.diffsearch.core.search.SearchContext;

/** Searches for the best sampling noise for one output within the context's NFE budget. */
public interface SearchAlgorithm {

  SearchOutcome search(SearchContext context);
}
