package dev.diffsearch.plugins.fmnist.verify;

/**
 * Options of the {@code class-logit} verifier.
 *
 * @param weights a verifier weights file from {@code diffsearch fashion-mnist train verifier}; the
 *     shipped weights when absent
 */
public record ClassLogitConfig(String weights) {}
