package io.hfvram.hub;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okio.Timeout;

/**
 * The whole run's deadline ({@code --deadline}): once it has passed, every request fails at once
 * without retries, and no call or wait runs past it.
 */
final class RunDeadline {
  private final Clock clock;
  private final Duration length;
  private final long atMillis;

  /** A deadline {@code length} from now; null for none. */
  RunDeadline(Clock clock, Duration length) {
    this.clock = clock;
    this.length = length;
    this.atMillis = length == null ? Long.MAX_VALUE : clock.millis() + length.toMillis();
  }

  /** Milliseconds left; Long.MAX_VALUE without a deadline. */
  long remainingMillis() {
    return length == null ? Long.MAX_VALUE : atMillis - clock.millis();
  }

  /** Throws when the deadline has passed. */
  void check(String where) throws HubUnavailableException {
    if (remainingMillis() <= 0) {
      throw passed(where);
    }
  }

  HubUnavailableException passed(String where) {
    return new HubUnavailableException.TimedOut(
        where
            + ": not tried: the run's deadline ("
            + length.toSeconds()
            + " s, --deadline) has passed",
        -1,
        false);
  }

  /** Shortens a call's timeout so that it ends by the deadline. */
  void limit(Timeout callTimeout) {
    long left = remainingMillis();
    if (left == Long.MAX_VALUE) {
      return;
    }
    long current = callTimeout.timeoutNanos();
    long leftNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, left));
    if (current == 0 || leftNanos < current) {
      callTimeout.timeout(leftNanos, TimeUnit.NANOSECONDS);
    }
  }
}
