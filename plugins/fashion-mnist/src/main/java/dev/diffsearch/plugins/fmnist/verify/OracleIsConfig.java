package dev.diffsearch.plugins.fmnist.verify;

/**
 * Options of the {@code oracle-is} verifier.
 *
 * @param weights evaluator weights from {@code diffsearch fashion-mnist train evaluator}; the shipped
 *     weights when absent
 */
public record OracleIsConfig(String weights) {}
