package dev.diffsearch.core.denoise;

import ai.djl.ndarray.NDArray;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ForwardingDenoiser;
import java.util.List;

/**
 * The denoiser one output is searched and rendered with: bound to the output's condition and the encoding
 * made of it once ({@link #bind}), so that every call, whoever makes it (a sampler passes only the
 * class-label view), reaches the model with the full {@link Conditioning}.
 */
public final class ConditionedDenoiser extends ForwardingDenoiser {

  private final Condition condition;
  private final Object encoding;

  /** {@code inner} bound to {@code condition} and {@code encoding}, what {@code inner.encode(List.of(condition))} returned. */
  public ConditionedDenoiser(Denoiser inner, Condition condition, Object encoding) {
    super(inner);
    this.condition = condition;
    this.encoding = encoding;
  }

  /** {@code inner} bound to {@code condition}, which it encodes here, once. */
  public static ConditionedDenoiser bind(Denoiser inner, Condition condition) {
    return new ConditionedDenoiser(inner, condition, inner.encode(List.of(condition)));
  }

  /** The output's condition. */
  public Condition condition() {
    return condition;
  }

  /** Every row on the bound condition; {@code classes} only tells how many rows there are. */
  @Override
  public NDArray denoise(NDArray x, NDArray sigma, int[] classes) {
    return delegate().denoise(x, sigma, Conditioning.repeat(condition, encoding, classes.length));
  }
}
