package io.hfvram.hub;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fails requests fast once the endpoint looks down: after {@code threshold} consecutive connection
 * failures (refused, reset, timed out, TLS) across every thread, every request fails at once for
 * {@code cooldownMillis}; then one may try again, and one more failure reopens it. Any HTTP answer,
 * even an error status, closes it.
 */
final class CircuitBreaker {
  /** Consecutive connection failures that open the breaker. */
  static final int THRESHOLD = 8;

  /** How long an open breaker fails requests without trying. */
  static final long COOLDOWN_MILLIS = 30_000;

  private final Clock clock;
  private final int threshold;
  private final long cooldownMillis;
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicLong openUntil = new AtomicLong(Long.MIN_VALUE);

  CircuitBreaker(Clock clock, int threshold, long cooldownMillis) {
    this.clock = clock;
    this.threshold = threshold;
    this.cooldownMillis = cooldownMillis;
  }

  /** Throws, without a request, while the breaker is open. */
  void check(String where) throws HubUnavailableException {
    if (clock.millis() < openUntil.get()) {
      throw new HubUnavailableException.Unreachable(
          where
              + ": not tried: the last "
              + failures.get()
              + " connections to the endpoint failed, so it looks down",
          false);
    }
  }

  /** An HTTP answer came back. */
  void success() {
    failures.set(0);
    openUntil.set(Long.MIN_VALUE);
  }

  /** A connection failed. */
  void failure() {
    if (failures.incrementAndGet() >= threshold) {
      openUntil.set(clock.millis() + cooldownMillis);
    }
  }
}
