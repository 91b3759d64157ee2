package dev.diffsearch.plugins.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prompts encoded by the user's TorchScript text encoder,
 * {@code forward(input_ids: i64 [B, L], attention_mask: i64 [B, L]) -> f32 [B, L, D]}, after the
 * tokenizer: one forward pass for all the texts of one {@code encode} (an output's prompt and, under
 * guidance, the empty prompt).
 */
final class EncodedText implements TextSource {

  /** Encoder forward passes in this JVM: what tests count to see that prompts are encoded once per output. */
  static final AtomicLong FORWARD_PASSES = new AtomicLong();

  private final Block encoder;
  private final String file;
  private final HfTokenizer tokenizer;
  private final int length;
  private final NDManager manager;

  /**
   * @param file how messages name the encoder
   * @param manager the run's manager; each call's arrays live in a sub-manager of it
   */
  EncodedText(Block encoder, String file, HfTokenizer tokenizer, int length, NDManager manager) {
    this.encoder = encoder;
    this.file = file;
    this.tokenizer = tokenizer;
    this.length = length;
    this.manager = manager;
  }

  @Override
  public TextEncoding encode(List<String> texts) {
    int p = texts.size();
    long[] ids = new long[p * length];
    long[] mask = new long[p * length];
    for (int i = 0; i < p; i++) {
      tokenizer.tokenize(texts.get(i), ids, mask, i * length);
    }
    Shape tokens = new Shape(p, length);
    try (NDManager scope = manager.newSubManager()) {
      NDList result;
      try {
        FORWARD_PASSES.incrementAndGet();
        result = encoder.forward(new ParameterStore(scope, false),
            new NDList(scope.create(ids, tokens), scope.create(mask, tokens)), false);
      } catch (RuntimeException e) {
        throw new IllegalStateException("torchscript: text encoder " + file + " failed on input ids " + tokens + ": "
            + TorchScriptNetwork.summary(e), e);
      }
      result.attach(scope);
      NDArray out = result.size() == 1 ? result.get(0) : null;
      Shape shape = out == null ? null : out.getShape();
      if (shape == null || shape.dimension() != 3 || shape.get(0) != p || shape.get(1) != length) {
        throw new IllegalStateException("torchscript: text encoder " + file + " returned "
            + (out == null ? result.size() + " values" : "shape " + shape) + " for input ids " + tokens
            + "; it must return one tensor of token embeddings [B, L, D]");
      }
      float[] embeddings = out.getDataType() == DataType.FLOAT32
          ? out.toFloatArray()
          : out.toType(DataType.FLOAT32, false).toFloatArray();
      return new TextEncoding(embeddings, mask, p, length, (int) shape.get(2));
    }
  }

  @Override
  public TextEncoding probeRow() {
    return encode(List.of(""));
  }
}
