package dev.diffsearch.api.spi;

import java.util.Objects;

/**
 * A verifier that forwards every method, the interface's defaults included, to another: the base of
 * decorators (the run's guard, timing), which override only what they change. A decorator that did not
 * start here would drop the verifier's taps, its need of a class or its oracle mark. {@link #score} and
 * {@link #scoreAll} forward separately: a decorator of scoring overrides both (the engine calls
 * {@code scoreAll}).
 */
public abstract class ForwardingVerifier implements Verifier {

  private final Verifier delegate;

  protected ForwardingVerifier(Verifier delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The verifier this one forwards to. */
  protected final Verifier delegate() {
    return delegate;
  }

  @Override
  public double[] tapSigmas() {
    return delegate.tapSigmas();
  }

  @Override
  public boolean needsCondition() {
    return delegate.needsCondition();
  }

  @Override
  public Needs needs() {
    return delegate.needs();
  }

  @Override
  public boolean oracle() {
    return delegate.oracle();
  }

  @Override
  public Scope scope() {
    return delegate.scope();
  }

  @Override
  public float[] score(VerifierInput input) {
    return delegate.score(input);
  }

  @Override
  public VerifierScores scoreAll(VerifierInput input) {
    return delegate.scoreAll(input);
  }
}
