package dev.diffsearch.plugins.shapes.verify;

/**
 * Options of the {@code clip-score} verifier.
 *
 * @param weights dual-encoder weights from {@code diffsearch shapes train dual-encoder}; the shipped ones
 *     when absent
 */
public record ClipScoreConfig(String weights) {}
