package io.hfvram.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The retry policy decides by the failure's type, and never sleeps for real here. */
final class RetryPolicyTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);

  private RetryPolicy policy(int maxRetries) {
    return new RetryPolicy(
        sleeper, new Random(1), maxRetries, 120_000, new RateGate(clock, sleeper));
  }

  @Test
  void retryableByType() {
    assertTrue(RetryPolicy.retryable(new HubUnavailableException.RateLimited("x", -1)));
    assertTrue(RetryPolicy.retryable(new HubUnavailableException.TimedOut("x", -1)));
    assertTrue(RetryPolicy.retryable(new HubUnavailableException.ServerError("x", true, -1)));
    assertFalse(RetryPolicy.retryable(new HubUnavailableException.ServerError("x", false, -1)));
    assertTrue(RetryPolicy.retryable(new HubUnavailableException.Unreachable("x", true)));
    assertFalse(RetryPolicy.retryable(new HubUnavailableException.Unreachable("x", false)));
    assertFalse(RetryPolicy.retryable(new HubUnavailableException.Garbled("x")));
    assertFalse(RetryPolicy.retryable(new HubUnavailableException.OfflineMiss("x")));
  }

  @Test
  void requestedWaitReadsRetryAfterAndRateLimit() {
    assertEquals(-1, RetryPolicy.requestedWait(503, null, null));
    assertEquals(7000, RetryPolicy.requestedWait(503, " 7 ", null));
    assertEquals(-1, RetryPolicy.requestedWait(503, "next Wednesday", null));
    assertEquals(31_000, RetryPolicy.requestedWait(429, "2", "\"api\";r=0;t=30"));
    assertEquals(2000, RetryPolicy.requestedWait(429, "2", "\"api\";r=5;t=30"));
    assertEquals(-1, RetryPolicy.requestedWait(503, null, "\"api\";r=0;t=30"));
  }

  @Test
  void backoffThenGiveUpWithTheSameType() {
    AtomicInteger calls = new AtomicInteger();
    HubUnavailableException e =
        assertThrows(
            HubUnavailableException.class,
            () ->
                policy(2)
                    .run(
                        () -> {
                          calls.incrementAndGet();
                          throw new HubUnavailableException.ServerError("boom", true, -1);
                        }));
    assertEquals(3, calls.get());
    assertEquals(HubUnavailableException.Kind.SERVER_ERROR, e.kind());
    assertEquals("boom (gave up after 3 tries)", e.getMessage());
    assertEquals(2, sleeper.waits.size());
    assertTrue(sleeper.waits.get(0) >= 500 && sleeper.waits.get(0) < 1000, "" + sleeper.waits);
    assertTrue(sleeper.waits.get(1) >= 1000 && sleeper.waits.get(1) < 2000, "" + sleeper.waits);
  }

  @Test
  void aFailureForGoodIsNotRetried() {
    HubAccessException denied =
        new HubAccessException.Denied(HubAccessException.Kind.GATED, "gated");
    AtomicInteger calls = new AtomicInteger();
    HubAccessException e =
        assertThrows(
            HubAccessException.class,
            () ->
                policy(5)
                    .run(
                        () -> {
                          calls.incrementAndGet();
                          throw denied;
                        }));
    assertSame(denied, e);
    assertEquals(1, calls.get());
  }

  @Test
  void aServerAskedWaitPausesTheGateAndATooLongOneFailsAtOnce() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpResult ok = new HttpResult(200, new byte[0], null, null, "u", null);
    assertSame(
        ok,
        policy(5)
            .run(
                () -> {
                  if (calls.incrementAndGet() == 1) {
                    throw new HubUnavailableException.RateLimited("slow down", 3000);
                  }
                  return ok;
                }));
    assertEquals(List.of(3000L), sleeper.waits);
    HubUnavailableException e =
        assertThrows(
            HubUnavailableException.class,
            () ->
                policy(5)
                    .run(
                        () -> {
                          throw new HubUnavailableException.RateLimited("slow down", 600_000);
                        }));
    assertEquals(
        "slow down; the Hub asks to wait 600 s, longer than hf-vram waits", e.getMessage());
  }
}
