package dev.diffsearch.core.denoise;

/** Thrown by {@link NfeMeter} when an evaluation would pass the hard NFE ceiling of a search. */
public class NfeBudgetExceededException extends IllegalStateException {

  public NfeBudgetExceededException(long spent, long requested, long limit) {
    super("NFE budget exceeded: " + spent + " spent + " + requested + " requested > limit " + limit);
  }
}
