package dev.diffsearch.api.spi;

import java.util.function.Function;

/**
 * Creates a configured {@link SearchAlgorithm}.
 *
 * @param <C> the algorithm's config record (the budget and max batch are the engine's, not in it)
 */
public interface SearchAlgorithmFactory<C> extends Extension<C> {

  SearchAlgorithm create(C config);

  /**
   * A factory declared in one constructor call, in an {@code @Extension} class that extends it:
   * {@code super("random", "random search over initial noises", RandomSearchConfig.class, RandomSearch::new)}.
   *
   * @param <C> the algorithm's config record
   */
  abstract class Of<C> extends DeclaredExtension<C, Function<? super C, ? extends SearchAlgorithm>>
      implements SearchAlgorithmFactory<C> {

    /** @param constructor makes the algorithm from its bound and validated config */
    protected Of(String name, String description, Class<C> configType,
        Function<? super C, ? extends SearchAlgorithm> constructor) {
      super(name, description, configType, constructor);
    }

    @Override
    public final SearchAlgorithm create(C config) {
      return constructor().apply(config);
    }
  }
}
