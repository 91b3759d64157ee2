package dev.diffsearch.plugins.shapes.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.plugins.shapes.caption.Vocabulary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prompts as token ids over the grammar's {@link Vocabulary}: 0 pads, 1 stands for any word outside the
 * vocabulary (misspelled and rare words are encoded, not refused), the grammar's words follow in order.
 * A prompt is cut at {@link #LENGTH} tokens.
 */
public final class Tokens {

  /** Tokens per prompt: longer prompts are cut. */
  public static final int LENGTH = 32;

  static final int PAD = 0;
  static final int UNKNOWN = 1;

  /** Ids in all: padding, unknown and the vocabulary. */
  public static final int SIZE = Vocabulary.WORDS.size() + 2;

  private static final Map<String, Integer> IDS = new HashMap<>();

  static {
    for (int i = 0; i < Vocabulary.WORDS.size(); i++) {
      IDS.put(Vocabulary.WORDS.get(i), i + 2);
    }
  }

  private Tokens() {}

  /** The ids of {@code text}, at most {@link #LENGTH}, unknown words as {@link #UNKNOWN}; at least one token. */
  public static int[] ids(String text) {
    List<String> words = Vocabulary.tokens(text);
    int n = Math.max(1, Math.min(LENGTH, words.size()));
    int[] ids = new int[n];
    ids[0] = UNKNOWN; // an empty prompt is one unknown token: the null condition of guidance
    for (int i = 0; i < Math.min(n, words.size()); i++) {
      ids[i] = IDS.getOrDefault(words.get(i), UNKNOWN);
    }
    return ids;
  }

  /** A batch of prompts as one-hot rows {@code [B, LENGTH, SIZE]} and the mask of real tokens {@code [B, LENGTH]}. */
  public static NDArray[] batch(NDManager manager, List<String> texts) {
    int b = texts.size();
    float[] hot = new float[b * LENGTH * SIZE];
    float[] keep = new float[b * LENGTH];
    for (int i = 0; i < b; i++) {
      int[] ids = ids(texts.get(i));
      for (int t = 0; t < ids.length; t++) {
        hot[(i * LENGTH + t) * SIZE + ids[t]] = 1f;
        keep[i * LENGTH + t] = 1f;
      }
    }
    return new NDArray[] {manager.create(hot, new Shape(b, LENGTH, SIZE)), manager.create(keep, new Shape(b, LENGTH))};
  }
}
