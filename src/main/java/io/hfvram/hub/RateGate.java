package io.hfvram.hub;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One shared pause for every request to the Hub: when any answer says "wait" (429 with Retry-After
 * or RateLimit r=0), no request goes out before that time, from any worker.
 */
final class RateGate {
  private final AtomicLong notBefore = new AtomicLong();
  private final Clock clock;
  private final Sleeper sleeper;

  RateGate(Clock clock, Sleeper sleeper) {
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Blocks until the shared pause, if any, is over. */
  void await() throws InterruptedException {
    long wait = notBefore.get() - clock.millis();
    if (wait > 0) {
      sleeper.sleep(wait);
    }
  }

  /** Holds every request back for {@code millis} from now (never shortens a longer pause). */
  void pause(long millis) {
    long until = clock.millis() + millis;
    notBefore.accumulateAndGet(until, Math::max);
  }
}
