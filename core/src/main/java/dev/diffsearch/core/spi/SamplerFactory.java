package dev.diffsearch.core.spi;

/**
 * Creates a configured {@link Sampler} (steps, schedule).
 *
 * @param <C> the sampler's config record
 */
public interface SamplerFactory<C> extends Extension<C> {

  Sampler create(C config);
}
