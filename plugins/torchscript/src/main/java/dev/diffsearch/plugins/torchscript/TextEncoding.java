package dev.diffsearch.plugins.torchscript;

/**
 * Prompt embeddings on the heap: what a text-conditioned backend's {@code encode} returns, once per
 * output, and what each call gathers its rows from. Plain arrays, so an encoding needs no native memory
 * between calls and is freed with the output.
 *
 * @param embeddings {@code [prompts, length, width]} token embeddings, row-major
 * @param mask {@code [prompts, length]}: 1 for a token, 0 for padding
 * @param prompts P, the number of rows
 * @param length L, token positions per row
 * @param width D, the embedding width
 */
record TextEncoding(float[] embeddings, long[] mask, int prompts, int length, int width) {

  TextEncoding {
    if (embeddings.length != (long) prompts * length * width || mask.length != (long) prompts * length) {
      throw new IllegalArgumentException("text encoding of " + embeddings.length + " values and " + mask.length
          + " mask entries is not [" + prompts + ", " + length + ", " + width + "]");
    }
  }

  /** The rows {@code rows[0]}, {@code rows[1]}, … of this encoding, in that order (repeats allowed). */
  TextEncoding gather(int[] rows) {
    int tokens = length * width;
    float[] e = new float[rows.length * tokens];
    long[] m = new long[rows.length * length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(embeddings, rows[i] * tokens, e, i * tokens, tokens);
      System.arraycopy(mask, rows[i] * length, m, i * length, length);
    }
    return new TextEncoding(e, m, rows.length, length, width);
  }

  /** Row {@code i}'s embeddings, {@code [length, width]} flattened. */
  float[] row(int i) {
    int tokens = length * width;
    float[] out = new float[tokens];
    System.arraycopy(embeddings, i * tokens, out, 0, tokens);
    return out;
  }
}
