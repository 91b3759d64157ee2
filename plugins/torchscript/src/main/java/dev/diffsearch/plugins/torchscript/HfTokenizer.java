package dev.diffsearch.plugins.torchscript;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A Hugging Face {@code tokenizer.json} read by DJL's binding of the Rust {@code tokenizers} library (its
 * native library ships inside the jar: nothing is downloaded). Each text becomes {@code length} token ids
 * with the tokenizer's special tokens, truncated to {@code length} as Hugging Face truncates (special
 * tokens kept) and padded with id 0, mask 0. The only class that touches the library, so that a host
 * without it fails here, with a message, rather than when the backend's classes load.
 */
final class HfTokenizer implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;
  private final int length;

  private HfTokenizer(HuggingFaceTokenizer tokenizer, int length) {
    this.tokenizer = tokenizer;
    this.length = length;
  }

  /** Reads {@code file}; an unreadable or malformed file is an {@link IOException} or a runtime error from the library. */
  static HfTokenizer open(Path file, int length) throws IOException {
    HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
        .optTokenizerPath(file)
        .optAddSpecialTokens(true)
        .optTruncation(true)
        .optMaxLength(length)
        .optPadding(false)
        .build();
    return new HfTokenizer(tokenizer, length);
  }

  /** Writes {@code text}'s ids and attention mask into {@code ids} and {@code mask} at {@code offset} ({@code length} each). */
  void tokenize(String text, long[] ids, long[] mask, int offset) {
    Encoding encoding = tokenizer.encode(text, true, false);
    long[] tokens = encoding.getIds();
    long[] attention = encoding.getAttentionMask();
    int n = Math.min(tokens.length, length);
    System.arraycopy(tokens, 0, ids, offset, n);
    System.arraycopy(attention, 0, mask, offset, n);
    // the rest stays 0: padding id 0 with mask 0
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
