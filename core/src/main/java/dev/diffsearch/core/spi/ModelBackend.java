package dev.diffsearch.core.spi;

/**
 * Creates a {@link Denoiser} from its config (weights, variant, device). A backend whose network is not
 * natively an EDM denoiser wraps it with {@code dev.diffsearch.core.denoise.Parameterization}.
 * Classifier-free guidance is applied by the engine, not by the backend.
 *
 * @param <C> the backend's config record
 */
public interface ModelBackend<C> extends Extension<C> {

  /** Opens the model; called once per run. Native resources belong to {@code context.manager()}. */
  Denoiser open(C config, ModelContext context);
}
