package dev.diffsearch.core.denoise;

import ai.djl.ndarray.NDArray;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ForwardingDenoiser;

/**
 * The one place NFE is counted. 1 NFE = one evaluation of the (guided) denoiser for one sample, so a
 * batch of B rows costs B NFE; forward passes are counted apart (CFG costs 2 per NFE). An optional hard
 * limit makes an evaluation that would pass it fail before it runs.
 */
public final class NfeMeter extends ForwardingDenoiser {

  private long nfe;
  private long passes;
  private long calls;
  private long limit = Long.MAX_VALUE;

  public NfeMeter(Denoiser inner) {
    super(inner);
  }

  @Override
  public NDArray denoise(NDArray x, NDArray sigma, int[] classes) {
    long rows = admit(x);
    NDArray out = delegate().denoise(x, sigma, classes);
    count(rows);
    return out;
  }

  @Override
  public NDArray denoise(NDArray x, NDArray sigma, Conditioning conditioning) {
    long rows = admit(x);
    NDArray out = delegate().denoise(x, sigma, conditioning);
    count(rows);
    return out;
  }

  /** The rows of {@code x}, once it is known they fit under the limit. */
  private long admit(NDArray x) {
    long rows = x.getShape().get(0);
    if (nfe + rows > limit) {
      throw new NfeBudgetExceededException(nfe, rows, limit);
    }
    return rows;
  }

  private void count(long rows) {
    nfe += rows;
    calls++;
    passes += rows * delegate().passesPerEvaluation();
  }

  /** NFE counted since creation or the last {@link #reset}. */
  public long nfe() {
    return nfe;
  }

  /** Forward passes counted since creation or the last {@link #reset}. */
  public long forwardPasses() {
    return passes;
  }

  /** Denoiser calls (batches) counted since creation or the last {@link #reset}; NFE / calls is the mean batch. */
  public long calls() {
    return calls;
  }

  /** NFE left under the limit. */
  public long remaining() {
    return limit == Long.MAX_VALUE ? Long.MAX_VALUE : limit - nfe;
  }

  /** Zeroes the counters and sets a new hard limit ({@link Long#MAX_VALUE} for none). */
  public void reset(long newLimit) {
    nfe = 0;
    passes = 0;
    calls = 0;
    limit = newLimit;
  }
}
