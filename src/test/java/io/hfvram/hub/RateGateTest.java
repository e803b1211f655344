package io.hfvram.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class RateGateTest {
  @Test
  void onePauseHoldsEveryWorkerAndNeverShortens() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:00:00Z"));
    RecordingSleeper sleeper = new RecordingSleeper(clock);
    RateGate gate = new RateGate(clock, sleeper);
    gate.await();
    assertTrue(sleeper.waits.isEmpty(), "no pause, no wait");
    gate.pause(5000);
    gate.pause(1000);
    clock.advance(Duration.ofMillis(2000));
    gate.await();
    assertEquals(List.of(3000L), sleeper.waits, "the longer pause wins, minus time passed");
    gate.await();
    assertEquals(1, sleeper.waits.size(), "after the pause, no more waiting");
  }
}
