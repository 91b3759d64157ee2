package dev.diffsearch.core.search;

import dev.diffsearch.api.spi.ForwardingVerifier;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.api.spi.VerifierScores;

/**
 * A decorator of a verifier's scoring (the run's guard, a cohort slot's round, the bench's timer): {@link #score}
 * is {@link #scoreAll}'s total, so a subclass changes {@code scoreAll} alone and both go through it.
 */
public abstract class ScoringDecorator extends ForwardingVerifier {

  protected ScoringDecorator(Verifier delegate) {
    super(delegate);
  }

  @Override
  public final float[] score(VerifierInput input) {
    return scoreAll(input).total();
  }

  @Override
  public abstract VerifierScores scoreAll(VerifierInput input);
}
