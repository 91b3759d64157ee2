package dev.diffsearch.plugins.shapes.verify;

/**
 * Options of the {@code aesthetic} and {@code preference} verifiers.
 *
 * @param weights the head's weights from {@code diffsearch shapes train aesthetic|preference}; the shipped ones when absent
 * @param encoder the dual-encoder weights the head was trained on; the shipped encoder when absent
 */
public record AestheticConfig(String weights, String encoder) {}
