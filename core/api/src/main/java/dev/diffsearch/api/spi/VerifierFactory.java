package dev.diffsearch.api.spi;

import java.util.function.BiFunction;

/**
 * Creates a configured {@link Verifier}.
 *
 * @param <C> the verifier's config record
 */
public interface VerifierFactory<C> extends Extension<C> {

  Verifier create(C config, ModelContext context);

  /**
   * A factory declared in one constructor call, in an {@code @Extension} class that extends it:
   * {@code super("brightness", "mean pixel intensity", BrightnessConfig.class, (config, context) -> ...)}.
   * A constructor annotated {@code @Inject} may take core services and hand them to the lambda.
   *
   * @param <C> the verifier's config record
   */
  abstract class Of<C> extends DeclaredExtension<C, BiFunction<? super C, ModelContext, ? extends Verifier>>
      implements VerifierFactory<C> {

    /** @param constructor makes the verifier from its bound and validated config, once per run */
    protected Of(String name, String description, Class<C> configType,
        BiFunction<? super C, ModelContext, ? extends Verifier> constructor) {
      super(name, description, configType, constructor);
    }

    @Override
    public final Verifier create(C config, ModelContext context) {
      return constructor().apply(config, context);
    }
  }
}
