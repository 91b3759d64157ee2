package dev.diffsearch.plugins.shapes.eval;

/**
 * The evaluator's decision on one image and prompt.
 *
 * @param pass whether the image shows what the prompt asks
 * @param reason one line saying why (what was wanted and what was found)
 */
public record Verdict(boolean pass, String reason) {}
