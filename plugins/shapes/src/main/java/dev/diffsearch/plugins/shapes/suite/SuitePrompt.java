package dev.diffsearch.plugins.shapes.suite;

import dev.diffsearch.plugins.shapes.prompt.PromptSpec;

/**
 * One line of a prompt suite.
 *
 * @param id unique within its suite
 * @param prompt the text
 * @param category the suite's category (the GenEval suite uses the task's tag)
 * @param spec what the prompt means, for the evaluator
 */
public record SuitePrompt(String id, String prompt, String category, PromptSpec spec) {

  /** Whether the prompt names a held-out composition. */
  public boolean heldOut() {
    return spec.heldOut();
  }
}
