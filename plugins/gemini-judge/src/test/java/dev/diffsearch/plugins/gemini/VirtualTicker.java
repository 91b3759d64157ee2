package dev.diffsearch.plugins.gemini;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Virtual time for the judge's rate limiter and backoff: a sleep returns at once and is recorded, so a
 * test asserts on the waits the judge chose, never on how long anything took.
 *
 * <p>{@link #frozen()} time stands still unless the test {@link #advance advances} it: every wait is then
 * measured from the same instant, which is what concurrent requests need to be deterministic (the
 * rate limiter's k-th reservation is due at k refill intervals whatever thread makes it).
 * {@link #advancing()} time moves on by each sleep, as a single request's retries would see it.
 */
final class VirtualTicker implements Ticker {

  /** One wait: asked at virtual time {@code at}, for {@code nanos}. */
  record Sleep(long at, long nanos) {
    /** When the waiter went on, in virtual time. */
    long until() {
      return at + nanos;
    }
  }

  private final boolean advancing;
  private final List<Sleep> sleeps = new ArrayList<>(); // guarded by this
  private long now; // guarded by this

  private VirtualTicker(boolean advancing) {
    this.advancing = advancing;
  }

  static VirtualTicker frozen() {
    return new VirtualTicker(false);
  }

  static VirtualTicker advancing() {
    return new VirtualTicker(true);
  }

  @Override
  public synchronized long nanos() {
    return now;
  }

  @Override
  public void sleep(long nanos) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException(); // as Thread.sleep: a cancelled request stops here
    }
    if (nanos <= 0) {
      return;
    }
    synchronized (this) {
      sleeps.add(new Sleep(now, nanos));
      if (advancing) {
        now += nanos;
      }
    }
  }

  /** Moves virtual time on by {@code millis} (a quiet spell). */
  synchronized void advance(long millis) {
    now += TimeUnit.MILLISECONDS.toNanos(millis);
  }

  synchronized List<Sleep> sleeps() {
    return List.copyOf(sleeps);
  }

  /** The waits, in milliseconds (rounded), in the order they were asked for. */
  synchronized List<Long> sleepMillis() {
    return sleeps.stream().map(s -> Math.round(s.nanos() / 1e6)).toList();
  }
}
