package dev.diffsearch.api.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Objects;

/**
 * A denoiser that forwards every method, the interface's defaults included, to another: the base of
 * decorators (the NFE meter, guidance, timing), which override only what they change. A decorator that
 * did not start here would report the interface's defaults (no classes, one pass) for a model that has
 * others. A decorator that intercepts calls overrides both {@code denoise} methods: the engine calls the
 * one with a {@link Conditioning}.
 */
public abstract class ForwardingDenoiser implements Denoiser {

  private final Denoiser delegate;

  protected ForwardingDenoiser(Denoiser delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The denoiser this one forwards to. */
  protected final Denoiser delegate() {
    return delegate;
  }

  @Override
  public NDArray denoise(NDArray x, NDArray sigma, int[] classes) {
    return delegate.denoise(x, sigma, classes);
  }

  @Override
  public NDArray denoise(NDArray x, NDArray sigma, Conditioning conditioning) {
    return delegate.denoise(x, sigma, conditioning);
  }

  @Override
  public Object encode(List<Condition> conditions) {
    return delegate.encode(conditions);
  }

  @Override
  public Condition nullCondition() {
    return delegate.nullCondition();
  }

  @Override
  public Shape sampleShape() {
    return delegate.sampleShape();
  }

  @Override
  public boolean readsPrompts() {
    return delegate.readsPrompts();
  }

  @Override
  public int numClasses() {
    return delegate.numClasses();
  }

  @Override
  public int passesPerEvaluation() {
    return delegate.passesPerEvaluation();
  }

  @Override
  public long macsPerPass() {
    return delegate.macsPerPass();
  }
}
