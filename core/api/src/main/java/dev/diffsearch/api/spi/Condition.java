package dev.diffsearch.api.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one output is conditioned on: a class label, a prompt, both, or nothing ({@link #UNCONDITIONAL}).
 * Class-label models read {@link #classLabel()} (or a batch's {@link Conditioning#classes()}); text models
 * read {@link #prompt()}.
 *
 * @param classLabel the class index, or {@link Denoiser#UNCONDITIONAL} for none
 * @param prompt the prompt, or null for none
 */
public record Condition(int classLabel, Prompt prompt) {

  /** No class and no prompt: what guidance's unconditional rows use unless a backend says otherwise. */
  public static final Condition UNCONDITIONAL = new Condition(Denoiser.UNCONDITIONAL, null);

  /**
   * A prompt: its text, an id that is unique within a run, and free metadata (e.g. a benchmark category).
   *
   * @param id unique within a run; output ids and run files name the prompt by it
   * @param text the prompt itself, not blank
   * @param metadata free string values carried to the verifier and the run files, in their given order
   */
  public record Prompt(String id, String text, Map<String, String> metadata) {

    public Prompt {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(text, "text");
      metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    /** A prompt without metadata. */
    public Prompt(String id, String text) {
      this(id, text, Map.of());
    }
  }

  public Condition {
    if (classLabel < Denoiser.UNCONDITIONAL) {
      throw new IllegalArgumentException("a class label is ≥ 0 (or UNCONDITIONAL), got " + classLabel);
    }
  }

  /** The condition of class {@code label}; {@link #UNCONDITIONAL} for {@link Denoiser#UNCONDITIONAL}. */
  public static Condition ofClass(int label) {
    return label == Denoiser.UNCONDITIONAL ? UNCONDITIONAL : new Condition(label, null);
  }

  /** The condition of a prompt alone. */
  public static Condition ofPrompt(Prompt prompt) {
    return new Condition(Denoiser.UNCONDITIONAL, Objects.requireNonNull(prompt, "prompt"));
  }

  /** Whether the condition names a class. */
  public boolean hasClass() {
    return classLabel != Denoiser.UNCONDITIONAL;
  }

  /** Whether the condition carries a prompt. */
  public boolean hasPrompt() {
    return prompt != null;
  }

  /** Whether the condition is neither a class nor a prompt. */
  public boolean isUnconditional() {
    return !hasClass() && !hasPrompt();
  }

  /** The class label of each condition, {@link Denoiser#UNCONDITIONAL} where there is none. */
  public static int[] classLabels(List<Condition> conditions) {
    int[] out = new int[conditions.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = conditions.get(i).classLabel();
    }
    return out;
  }

  /** One condition per class label ({@link Denoiser#UNCONDITIONAL} for none). */
  public static List<Condition> ofClasses(int[] classes) {
    Condition[] out = new Condition[classes.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = ofClass(classes[i]);
    }
    return List.of(out);
  }
}
