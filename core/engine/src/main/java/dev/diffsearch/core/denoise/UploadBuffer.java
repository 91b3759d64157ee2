package dev.diffsearch.core.denoise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One direct buffer reused to hand float states to the engine, step after step.
 *
 * <p>{@code NDManager.create(float[], Shape)} allocates a fresh direct buffer for every array and frees it
 * only after a later garbage collection. For a batch of images that is a few hundred KiB of never-touched
 * memory per denoiser call: one page fault per 4 KiB, plus allocator churn that makes the engine's own
 * outputs fault too. Measured on a 64 × 784 float batch (2-core VM): upload + cast + one op took 155–235 µs
 * with 20–50 page faults through {@code create(float[])}, 110 µs and none through this buffer.
 *
 * <p>The PyTorch engine wraps a direct buffer without copying, so an array returned by {@link #upload}
 * <b>shares this buffer's memory</b>: it is valid until the next upload through the same buffer. Close it
 * (or the scope it lives in) before uploading again, and never hand it to anything that outlives that.
 * Not thread-safe; one per thread of work.
 */
public final class UploadBuffer {

  private ByteBuffer buffer;

  /** {@code data} as a float32 array of {@code shape} in {@code manager}, sharing this buffer's memory. */
  public NDArray upload(NDManager manager, float[] data, Shape shape) {
    int bytes = Math.multiplyExact(data.length, Float.BYTES);
    if (buffer == null || buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
    buffer.clear();
    buffer.asFloatBuffer().put(data);
    buffer.limit(bytes);
    return manager.create(buffer, shape, DataType.FLOAT32);
  }
}
