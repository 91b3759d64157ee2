package dev.diffsearch.core.spi;

/**
 * Creates a configured {@link SearchAlgorithm}.
 *
 * @param <C> the algorithm's config record (the budget and max batch are the engine's, not in it)
 */
public interface SearchAlgorithmFactory<C> extends Extension<C> {

  SearchAlgorithm create(C config);
}
