package dev.diffsearch.api.spi;

/** Scores a batch of candidates, one float each; higher is better. */
public interface Verifier {

  /** σ values at which the verifier needs the clean prediction x̂0; none by default. */
  default double[] tapSigmas() {
    return new double[0];
  }

  /**
   * What a verifier reads of the conditions: nothing, the class label, the prompt, both, or either (a
   * verifier that reads a row's prompt, or the class where there is none, e.g. an LLM judge given a text
   * per class).
   */
  enum Needs {
    NOTHING,
    CLASS,
    PROMPT,
    CLASS_AND_PROMPT,
    CLASS_OR_PROMPT;

    /** Whether every row must have a class label. */
    public boolean needsClass() {
      return this == CLASS || this == CLASS_AND_PROMPT;
    }

    /** Whether every row must have a prompt. */
    public boolean needsPrompt() {
      return this == PROMPT || this == CLASS_AND_PROMPT;
    }

    /** Whether every row must have a class label or a prompt (or both). */
    public boolean needsSome() {
      return this != NOTHING;
    }

    /** What {@code a} and {@code b} need together. */
    public static Needs both(Needs a, Needs b) {
      boolean cls = a.needsClass() || b.needsClass();
      boolean prompt = a.needsPrompt() || b.needsPrompt();
      if (!cls && !prompt) {
        return a.needsSome() || b.needsSome() ? CLASS_OR_PROMPT : NOTHING;
      }
      return cls && prompt ? CLASS_AND_PROMPT : cls ? CLASS : PROMPT;
    }
  }

  /**
   * Whether the verifier needs the conditioning class (a label-free verifier does not). Kept for class-label
   * verifiers; {@link #needs} is the general form.
   */
  default boolean needsCondition() {
    return false;
  }

  /**
   * What the verifier reads of each row's condition ({@link VerifierInput#conditions()}): the engine
   * refuses a run whose outputs lack it. By default {@link Needs#CLASS} when {@link #needsCondition}, else
   * {@link Needs#NOTHING}.
   */
  default Needs needs() {
    return needsCondition() ? Needs.CLASS : Needs.NOTHING;
  }

  /**
   * Whether this verifier sees what the evaluation measures (an oracle, e.g. the evaluator network's own
   * class probability): run.json marks such runs so that no report mixes them with fair ones.
   */
  default boolean oracle() {
    return false;
  }

  /**
   * What a row's score depends on besides the row itself: what lets the engine put rows of several outputs
   * into one call when a run keeps outputs in flight ({@code search.outputs-in-flight}).
   */
  enum Scope {
    /** Nothing: rows of several outputs may be scored in one call (a network's score of each image). */
    ROW,
    /** The other rows of the call (ranks or z-scores within a batch): each call holds one output's rows. */
    BATCH,
    /**
     * What was scored before, in run order (a greedy set that grows output by output): the run must search
     * its outputs one at a time ({@code outputs-in-flight: 1}); it refuses more.
     */
    RUN
  }

  /**
   * What this verifier's scores depend on. {@link Scope#BATCH} by default, which is always safe for a
   * verifier that keeps no state between calls; a verifier that scores each row alone says
   * {@link Scope#ROW} (its calls can then be filled with rows of several outputs), one that remembers
   * earlier outputs says {@link Scope#RUN}.
   */
  default Scope scope() {
    return Scope.BATCH;
  }

  /** One score per row of {@code input}, in row order. */
  float[] score(VerifierInput input);

  /**
   * The scores with their named parts (an ensemble's members, a judge's axes), which the run records per
   * candidate. By default just {@link #score} with no parts.
   */
  default VerifierScores scoreAll(VerifierInput input) {
    return VerifierScores.of(score(input));
  }
}
