package dev.diffsearch.plugins.gemini;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket: {@code capacity} tokens, refilled at {@code perMinute / 60} tokens a second; every
 * request takes one. Callers reserve their token under a lock and wait outside it, so waiting callers
 * start in the order they asked, spaced by the refill interval. Time is read and waited through a
 * {@link Ticker}: the real one in a run, a virtual one in tests.
 */
final class RateLimiter {

  private final double capacity;
  private final double tokensPerNano;
  private final Ticker ticker;
  private double tokens;
  private long last;

  RateLimiter(double perMinute, int capacity, Ticker ticker) {
    this.capacity = capacity;
    this.tokensPerNano = perMinute / 60.0 / TimeUnit.SECONDS.toNanos(1);
    this.ticker = ticker;
    this.tokens = capacity;
    this.last = ticker.nanos();
  }

  /** Takes a token; returns how many nanoseconds the caller must wait before using it (0: now). */
  synchronized long reserve() {
    long now = ticker.nanos();
    tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
    last = now;
    tokens -= 1;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / tokensPerNano);
  }

  /** Takes a token, waiting until it is due. */
  void acquire() throws InterruptedException {
    long wait = reserve();
    if (wait > 0) {
      ticker.sleep(wait);
    }
  }
}
