package dev.diffsearch.plugins.gemini;

import java.util.concurrent.TimeUnit;

/**
 * The time the judge paces itself by: a monotonic clock and a way to wait. The rate limiter reads the
 * clock and waits for its tokens through it, and the client waits out its backoff through it. The judge
 * runs on {@link #SYSTEM}; tests hand in a virtual one, so they can check the waits the judge chose
 * without taking them. HTTP timeouts are not paced by it: they are the HTTP client's own.
 */
interface Ticker {

  /** Now, in nanoseconds from an arbitrary origin (like {@link System#nanoTime()}). */
  long nanos();

  /** Waits {@code nanos} nanoseconds (nothing when {@code nanos <= 0}). */
  void sleep(long nanos) throws InterruptedException;

  /** The real clock and {@link Thread#sleep}. */
  Ticker SYSTEM = new Ticker() {
    @Override
    public long nanos() {
      return System.nanoTime();
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
      if (nanos > 0) {
        TimeUnit.NANOSECONDS.sleep(nanos);
      }
    }

    @Override
    public String toString() {
      return "Ticker.SYSTEM";
    }
  };
}
