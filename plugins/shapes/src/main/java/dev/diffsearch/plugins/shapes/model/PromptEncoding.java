package dev.diffsearch.plugins.shapes.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.plugins.shapes.clip.DualEncoder;
import dev.diffsearch.plugins.shapes.clip.DualEncoderNet;
import dev.diffsearch.plugins.shapes.clip.Tokens;
import java.util.List;

/**
 * Prompts as the denoiser takes them, made once by the frozen dual encoder and kept as Java arrays (no
 * native memory between calls): per prompt the unit embedding, the token features and the token mask.
 */
record PromptEncoding(int count, float[] pooled, float[] tokens, float[] keep) {

  private static final int E = DualEncoderNet.EMBED;
  private static final int L = Tokens.LENGTH;
  private static final int D = DualEncoderNet.WIDTH;

  /** The encoding of {@code texts}, in order; temporaries in a scope below {@code manager}. */
  static PromptEncoding of(DualEncoder encoder, NDManager manager, List<String> texts) {
    try (NDManager m = manager.newSubManager()) {
      NDArray[] e = encoder.encodeTexts(m, texts);
      return new PromptEncoding(texts.size(), e[0].toFloatArray(), e[1].toFloatArray(), e[2].toFloatArray());
    }
  }

  /** (token features [B, L, D], mask [B, L], embedding [B, E]) of prompts {@code rows[i]}, in {@code manager}. */
  NDArray[] gather(NDManager manager, int[] rows) {
    int b = rows.length;
    float[] t = new float[b * L * D];
    float[] k = new float[b * L];
    float[] p = new float[b * E];
    for (int i = 0; i < b; i++) {
      int r = rows[i];
      if (r < 0 || r >= count) {
        throw new IllegalArgumentException("row " + i + " asks for prompt " + r + " of " + count);
      }
      System.arraycopy(tokens, r * L * D, t, i * L * D, L * D);
      System.arraycopy(keep, r * L, k, i * L, L);
      System.arraycopy(pooled, r * E, p, i * E, E);
    }
    return new NDArray[] {
        manager.create(t, new Shape(b, L, D)), manager.create(k, new Shape(b, L)), manager.create(p, new Shape(b, E))};
  }
}
