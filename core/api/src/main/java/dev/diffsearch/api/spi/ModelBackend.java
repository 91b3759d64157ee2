package dev.diffsearch.api.spi;

import java.util.function.BiFunction;

/**
 * Creates a {@link Denoiser} from its config (weights, variant, device). A backend whose network is not
 * natively an EDM denoiser wraps it with {@code dev.diffsearch.api.denoise.Parameterization}.
 * Classifier-free guidance is applied by the engine, not by the backend.
 *
 * @param <C> the backend's config record
 */
public interface ModelBackend<C> extends Extension<C> {

  /** Opens the model; called once per run. Native resources belong to {@code context.manager()}. */
  Denoiser open(C config, ModelContext context);

  /**
   * A backend declared in one constructor call, in an {@code @Extension} class that extends it:
   * {@code super("my-model", "my network, eps-prediction", MyConfig.class, (config, context) -> ...)}.
   *
   * @param <C> the backend's config record
   */
  abstract class Of<C> extends DeclaredExtension<C, BiFunction<? super C, ModelContext, ? extends Denoiser>>
      implements ModelBackend<C> {

    /**
     * @param opener opens the model, once per run, from its bound and validated config; what it keeps
     *     natively belongs to {@code context.manager()}, and relative paths resolve against {@code context.baseDir()}
     */
    protected Of(String name, String description, Class<C> configType,
        BiFunction<? super C, ModelContext, ? extends Denoiser> opener) {
      super(name, description, configType, opener);
    }

    @Override
    public final Denoiser open(C config, ModelContext context) {
      return constructor().apply(config, context);
    }
  }
}
