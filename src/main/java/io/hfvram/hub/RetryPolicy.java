package io.hfvram.hub;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounded retries with jittered exponential backoff. A wait the Hub asks for (Retry-After, or the
 * RateLimit header's {@code r=0;t=N}) is honoured through the shared {@link RateGate}, so every
 * worker holds back; a wait longer than the limit fails at once. Which failures are worth another
 * try is decided by their type. A garbled body is tried at most {@link #GARBLED_TRIES} times, with
 * the same backoff. No request retries past its own budget (about two calls' timeouts of call time,
 * and the longest wait in waits), or the run's {@link RunDeadline}.
 */
final class RetryPolicy {
  /** Statuses that are retried (HH utils/_http.py). */
  private static final List<Integer> RETRIED = List.of(408, 429, 500, 502, 503, 504);

  private static final Pattern RATE_LIMIT = Pattern.compile("r=(\\d+);\\s*t=(\\d+)");

  /** Tries of a request whose answer is garbled (not the document asked for). */
  static final int GARBLED_TRIES = 3;

  /** The longest wait a header may ask for; longer values are clamped to this (one day). */
  static final long MAX_HEADER_WAIT_MILLIS = 86_400_000L;

  private final Sleeper sleeper;
  private final Random jitter;
  private final int maxRetries;
  private final long maxWaitMillis;
  private final RateGate gate;
  private final long requestBudgetMillis;
  private final RunDeadline deadline;
  private final RetryListener listener;

  RetryPolicy(Sleeper sleeper, Random jitter, int maxRetries, long maxWaitMillis, RateGate gate) {
    this(
        sleeper,
        jitter,
        maxRetries,
        maxWaitMillis,
        gate,
        Long.MAX_VALUE,
        new RunDeadline(Clock.systemUTC(), null));
  }

  /**
   * @param requestBudgetMillis no retry starts once a request's calls (not its waits) have taken
   *     this long in all
   * @param deadline the run's deadline
   */
  RetryPolicy(
      Sleeper sleeper,
      Random jitter,
      int maxRetries,
      long maxWaitMillis,
      RateGate gate,
      long requestBudgetMillis,
      RunDeadline deadline) {
    this(
        sleeper,
        jitter,
        maxRetries,
        maxWaitMillis,
        gate,
        requestBudgetMillis,
        deadline,
        RetryListener.NONE);
  }

  /** A policy that tells {@code listener} before each retry. */
  RetryPolicy(
      Sleeper sleeper,
      Random jitter,
      int maxRetries,
      long maxWaitMillis,
      RateGate gate,
      long requestBudgetMillis,
      RunDeadline deadline,
      RetryListener listener) {
    this.listener = listener;
    this.sleeper = sleeper;
    this.jitter = jitter;
    this.maxRetries = maxRetries;
    this.maxWaitMillis = maxWaitMillis;
    this.gate = gate;
    this.requestBudgetMillis = requestBudgetMillis;
    this.deadline = deadline;
  }

  /** One try of a request. */
  @FunctionalInterface
  interface Attempt {
    HttpResult call() throws HubException;
  }

  /** Runs {@code attempt} until it succeeds, fails for good, or the tries are spent. */
  HttpResult run(Attempt attempt) throws HubException {
    HubUnavailableException last = null;
    long inCalls = 0;
    long waited = 0;
    int garbled = 0;
    int n = 0;
    try {
      for (; n <= maxRetries; n++) {
        try {
          gate.await();
          // Calls take real time, whatever clock the waits use.
          long before = System.nanoTime();
          try {
            return attempt.call();
          } finally {
            inCalls += (System.nanoTime() - before) / 1_000_000;
          }
        } catch (HubUnavailableException e) {
          if (!retryable(e)) {
            throw e;
          }
          last = e;
          if (n == maxRetries
              || e instanceof HubUnavailableException.Garbled && ++garbled >= GARBLED_TRIES) {
            break;
          }
          long asked = e.requestedWaitMillis();
          long wait = asked >= 0 ? asked : backoff(n);
          refuseWait(e, wait, waited, inCalls, n + 1);
          waited += wait;
          listener.retrying(n + 2, maxRetries + 1, e.getMessage());
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
    throw last.withMessage(
        last.getMessage() + " (gave up after " + Math.min(n + 1, maxRetries + 1) + " tries)");
  }

  /** Throws {@code e}, with why, when waiting {@code wait} more is not worth it. */
  private void refuseWait(
      HubUnavailableException e, long wait, long waited, long inCalls, int tries)
      throws HubUnavailableException {
    if (wait > maxWaitMillis) {
      throw e.withMessage(
          e.getMessage()
              + "; the Hub asks to wait "
              + (wait / 1000)
              + " s, longer than hf-vram waits");
    }
    if (waited + wait > maxWaitMillis) {
      throw e.withMessage(
          e.getMessage()
              + "; the Hub asks to wait "
              + (waited + wait) / 1000
              + " s in all for this request, longer than hf-vram waits");
    }
    if (wait >= deadline.remainingMillis()) {
      throw e.withMessage(
          e.getMessage()
              + "; no time left for another try before the"
              + " run's deadline (--deadline)");
    }
    if (inCalls >= requestBudgetMillis) {
      throw e.withMessage(
          e.getMessage() + " (gave up after " + tries + " tries taking " + inCalls / 1000 + " s)");
    }
  }

  /** Whether a failure is worth another try. */
  static boolean retryable(HubUnavailableException e) {
    if (e instanceof HubUnavailableException.RateLimited) {
      return true;
    }
    if (e instanceof HubUnavailableException.TimedOut t) {
      return t.retryable();
    }
    if (e instanceof HubUnavailableException.Garbled g) {
      return g.retryable();
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

  /** The wait the Hub asks for, as of the system clock; see below. */
  static long requestedWait(int code, String retryAfter, String rateLimit) {
    return requestedWait(code, retryAfter, rateLimit, Clock.systemUTC());
  }

  /**
   * The wait the Hub asks for, from Retry-After (seconds or an HTTP date) and RateLimit ({@code
   * r=0;t=N}); -1 when none or unreadable. Every value is clamped to {@link
   * #MAX_HEADER_WAIT_MILLIS}, so no header can overflow a number.
   */
  static long requestedWait(int code, String retryAfter, String rateLimit, Clock clock) {
    long wait = retryAfter == null ? -1 : retryAfter(retryAfter.trim(), clock);
    if (code == 429 && rateLimit != null && rateLimit.length() <= 1000) {
      Matcher m = RATE_LIMIT.matcher(rateLimit);
      if (m.find() && m.group(1).matches("0+")) {
        wait = Math.max(wait, Math.min(MAX_HEADER_WAIT_MILLIS, seconds(m.group(2)) * 1000 + 1000));
      }
    }
    return wait;
  }

  private static long retryAfter(String v, Clock clock) {
    if (v.matches("\\d+")) {
      return Math.min(MAX_HEADER_WAIT_MILLIS, seconds(v) * 1000);
    }
    if (v.length() > 100) {
      return -1;
    }
    try {
      long at =
          ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
      return Math.max(0, Math.min(MAX_HEADER_WAIT_MILLIS, at - clock.millis()));
    } catch (DateTimeException e) {
      return -1;
    }
  }

  /** Decimal digits as seconds, clamped to a day (a 20-digit value does not overflow). */
  private static long seconds(String digits) {
    String d = digits.replaceFirst("^0+(?=.)", "");
    return d.length() > 6
        ? MAX_HEADER_WAIT_MILLIS / 1000
        : Math.min(Long.parseLong(d), MAX_HEADER_WAIT_MILLIS / 1000);
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
