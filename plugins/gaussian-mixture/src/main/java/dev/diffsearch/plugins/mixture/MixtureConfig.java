package dev.diffsearch.plugins.mixture;

/**
 * Options of the mixture backend and verifier.
 *
 * @param components a directory with {@code means.npy} and {@code components.json} (made by
 *     {@code diffsearch gaussian-mixture-fit}); the bundled Fashion-MNIST mixture when absent
 */
public record MixtureConfig(String components) {}
