package dev.diffsearch.api.spi;

import java.util.function.Function;

/**
 * Creates a configured {@link Sampler} (steps, schedule).
 *
 * @param <C> the sampler's config record
 */
public interface SamplerFactory<C> extends Extension<C> {

  Sampler create(C config);

  /**
   * A factory declared in one constructor call, in an {@code @Extension} class that extends it:
   * {@code super("euler", "Euler ODE solver", OdeSamplerConfig.class, EulerSampler::new)}.
   *
   * @param <C> the sampler's config record
   */
  abstract class Of<C> extends DeclaredExtension<C, Function<? super C, ? extends Sampler>> implements SamplerFactory<C> {

    /** @param constructor makes the sampler from its bound and validated config */
    protected Of(String name, String description, Class<C> configType, Function<? super C, ? extends Sampler> constructor) {
      super(name, description, configType, constructor);
    }

    @Override
    public final Sampler create(C config) {
      return constructor().apply(config);
    }
  }
}
