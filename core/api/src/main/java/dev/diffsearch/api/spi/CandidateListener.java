package dev.diffsearch.api.spi;

/** Told of every candidate as soon as it is scored (the run store writes it out). */
@FunctionalInterface
public interface CandidateListener {

  CandidateListener NONE = c -> {};

  void onCandidate(Candidate candidate);
}
