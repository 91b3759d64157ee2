package dev.diffsearch.core.spi;

import java.util.List;

/**
 * What a search returns for one output.
 *
 * @param best the winner; its noise regenerates it
 * @param trace every candidate evaluated, in evaluation order
 */
public record SearchOutcome(Candidate best, List<Candidate> trace) {}
