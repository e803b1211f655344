package io.hfvram.hub;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounded retries with jittered exponential backoff. A wait the Hub asks for (Retry-After, or
 * the RateLimit header's {@code r=0;t=N}) is honoured through the shared {@link RateGate}, so
 * every worker holds back; a wait longer than the limit fails at once. Which failures are worth
 * another try is decided by their type.
 */
final class RetryPolicy {
  /** Statuses that are retried (HH utils/_http.py). */
  private static final List<Integer> RETRIED = List.of(408, 429, 500, 502, 503, 504);

  private static final Pattern RATE_LIMIT = Pattern.compile("r=(\\d+);\\s*t=(\\d+)");

  private final Sleeper sleeper;
  private final Random jitter;
  private final int maxRetries;
  private final long maxWaitMillis;
  private final RateGate gate;

  RetryPolicy(Sleeper sleeper, Random jitter, int maxRetries, long maxWaitMillis,
      RateGate gate) {
    this.sleeper = sleeper;
    this.jitter = jitter;
    this.maxRetries = maxRetries;
    this.maxWaitMillis = maxWaitMillis;
    this.gate = gate;
  }

  /** One try of a request. */
  @FunctionalInterface
  interface Attempt {
    HttpResult call() throws HubException;
  }

  /** Runs {@code attempt} until it succeeds, fails for good, or the tries are spent. */
  HttpResult run(Attempt attempt) throws HubException {
    HubUnavailableException last = null;
    try {
      for (int n = 0; n <= maxRetries; n++) {
        try {
          gate.await();
          return attempt.call();
        } catch (HubUnavailableException e) {
          if (!retryable(e)) {
            throw e;
          }
          last = e;
          if (n == maxRetries) {
            break;
          }
          long asked = e.requestedWaitMillis();
          long wait = asked >= 0 ? asked : backoff(n);
          if (wait > maxWaitMillis) {
            throw e.withMessage(e.getMessage() + "; the Hub asks to wait " + (wait / 1000)
                + " s, longer than hf-vram waits");
          }
          if (asked >= 0) {
            gate.pause(wait);
          } else if (wait > 0) {
            sleeper.sleep(wait);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HubUnavailableException.Unreachable("interrupted", false);
    }
    throw last.withMessage(last.getMessage() + " (gave up after " + (maxRetries + 1)
        + " tries)");
  }

  /** Whether a failure is worth another try. */
  static boolean retryable(HubUnavailableException e) {
    if (e instanceof HubUnavailableException.RateLimited
        || e instanceof HubUnavailableException.TimedOut) {
      return true;
    }
    if (e instanceof HubUnavailableException.ServerError s) {
      return s.transientStatus();
    }
    if (e instanceof HubUnavailableException.Unreachable u) {
      return u.retryable();
    }
    return false;
  }

  /** True for a status that may answer differently next time. */
  static boolean transientStatus(int code) {
    return RETRIED.contains(code);
  }

  /** The wait the Hub asks for, from Retry-After (seconds) and RateLimit; -1 when none. */
  static long requestedWait(int code, String retryAfter, String rateLimit) {
    long wait = -1;
    if (retryAfter != null && retryAfter.trim().matches("\\d{1,9}")) {
      wait = Long.parseLong(retryAfter.trim()) * 1000;
    }
    if (code == 429 && rateLimit != null) {
      Matcher m = RATE_LIMIT.matcher(rateLimit);
      if (m.find() && m.group(1).equals("0")) {
        wait = Math.max(wait, (Long.parseLong(m.group(2)) + 1) * 1000);
      }
    }
    return wait;
  }

  /** 1, 2, 4, 8, 8... seconds, each scaled by a random factor in [0.5, 1). */
  long backoff(int attempt) {
    long base = 1000L << Math.min(attempt, 3);
    double factor;
    synchronized (jitter) {
      factor = 0.5 + jitter.nextDouble() / 2;
    }
    return (long) (base * factor);
  }
}
