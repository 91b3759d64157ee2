package dev.diffsearch.core.spi;

/**
 * Creates a configured {@link Verifier}.
 *
 * @param <C> the verifier's config record
 */
public interface VerifierFactory<C> extends Extension<C> {

  Verifier create(C config, ModelContext context);
}
