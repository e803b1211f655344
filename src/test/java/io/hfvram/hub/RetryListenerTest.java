package io.hfvram.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hfvram.MutableClock;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The retry listener hears of each retry before its wait, with the try's number. */
final class RetryListenerTest {
  @Test
  void toldBeforeEachRetryNotAfterTheLast() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    RecordingSleeper sleeper = new RecordingSleeper(clock);
    List<String> heard = new ArrayList<>();
    RetryPolicy p =
        new RetryPolicy(
            sleeper,
            new Random(1),
            2,
            120_000,
            new RateGate(clock, sleeper),
            Long.MAX_VALUE,
            new RunDeadline(Clock.systemUTC(), null),
            (attempt, attempts, reason) -> heard.add(attempt + "/" + attempts + " " + reason));
    assertThrows(
        HubUnavailableException.class,
        () ->
            p.run(
                () -> {
                  throw new HubUnavailableException.Unreachable("connection refused", true);
                }));
    assertEquals(List.of("2/3 connection refused", "3/3 connection refused"), heard);
  }

  @Test
  void hooksWithoutAListenerTellNobody() {
    assertEquals(RetryListener.NONE, Hub.Hooks.system().retries());
    assertEquals(
        RetryListener.NONE, new Hub.Hooks(Clock.systemUTC(), Sleeper.system(), null).retries());
  }
}
