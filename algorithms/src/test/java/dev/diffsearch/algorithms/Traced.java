package dev.diffsearch.algorithms;

import dev.diffsearch.api.spi.Candidate;
import java.util.List;

/**
 * A search's winner with every candidate it reported to the context's listener, in order: what tests
 * inspect (a search itself keeps no list of its candidates).
 */
record Traced(Candidate best, List<Candidate> trace) {}
