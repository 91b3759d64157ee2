package dev.diffsearch.api.spi;

/**
 * What a search returns for one output. Every candidate it evaluated went to the context's listener as it
 * was scored (the run records them in {@code candidates.jsonl}); a search keeps no list of them, so that
 * nothing it holds grows with the budget.
 *
 * @param best the winner; its recipe regenerates it
 */
public record SearchOutcome(Candidate best) {}
