package io.hfvram.hub;

/** The Hub could not answer: network down, timeout, rate limit, server error, or offline. */
public abstract sealed class HubUnavailableException extends HubException
    permits HubUnavailableException.Unreachable,
        HubUnavailableException.TimedOut,
        HubUnavailableException.RateLimited,
        HubUnavailableException.ServerError,
        HubUnavailableException.Garbled,
        HubUnavailableException.OfflineMiss {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Kind {
    NETWORK,
    TIMEOUT,
    RATE_LIMITED,
    SERVER_ERROR,
    BAD_RESPONSE,
    OFFLINE
  }

  private final Kind kind;

  /** The wait the Hub asked for (Retry-After, RateLimit), or -1. */
  private final long requestedWaitMillis;

  private HubUnavailableException(Kind kind, String message, long requestedWaitMillis) {
    super(message);
    this.kind = kind;
    this.requestedWaitMillis = requestedWaitMillis;
  }

  /** Why, in finer detail than the type. */
  public Kind kind() {
    return kind;
  }

  long requestedWaitMillis() {
    return requestedWaitMillis;
  }

  /** The same failure with another message (the retry policy adds what it tried). */
  abstract HubUnavailableException withMessage(String message);

  /** An answer that is not what the Hub sends (not JSON, too large, a broken redirect). */
  public static HubUnavailableException garbled(String message) {
    return new Garbled(message);
  }

  /** No connection: {@code retryable} is false when retrying only delays the answer. */
  static final class Unreachable extends HubUnavailableException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    Unreachable(String message, boolean retryable) {
      super(Kind.NETWORK, message, -1);
      this.retryable = retryable;
    }

    boolean retryable() {
      return retryable;
    }

    @Override
    Unreachable withMessage(String message) {
      return new Unreachable(message, retryable);
    }
  }

  /**
   * The request timed out, here or at the Hub (HTTP 408); {@code retryable} is false when the run's
   * deadline has passed.
   */
  static final class TimedOut extends HubUnavailableException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    TimedOut(String message, long requestedWaitMillis) {
      this(message, requestedWaitMillis, true);
    }

    TimedOut(String message, long requestedWaitMillis, boolean retryable) {
      super(Kind.TIMEOUT, message, requestedWaitMillis);
      this.retryable = retryable;
    }

    boolean retryable() {
      return retryable;
    }

    @Override
    TimedOut withMessage(String message) {
      return new TimedOut(message, requestedWaitMillis(), retryable);
    }
  }

  /** HTTP 429. */
  static final class RateLimited extends HubUnavailableException {
    private static final long serialVersionUID = 1L;

    RateLimited(String message, long requestedWaitMillis) {
      super(Kind.RATE_LIMITED, message, requestedWaitMillis);
    }

    @Override
    RateLimited withMessage(String message) {
      return new RateLimited(message, requestedWaitMillis());
    }
  }

  /** A 5xx or unexpected status; {@code transientStatus} when it is worth another try. */
  static final class ServerError extends HubUnavailableException {
    private static final long serialVersionUID = 1L;
    private final boolean transientStatus;

    ServerError(String message, boolean transientStatus, long requestedWaitMillis) {
      super(Kind.SERVER_ERROR, message, requestedWaitMillis);
      this.transientStatus = transientStatus;
    }

    boolean transientStatus() {
      return transientStatus;
    }

    @Override
    ServerError withMessage(String message) {
      return new ServerError(message, transientStatus, requestedWaitMillis());
    }
  }

  /**
   * A garbled answer; {@code retryable} when the same request may answer properly next time (a body
   * that is not the document asked for, a bad Range answer), not for a broken redirect.
   */
  static final class Garbled extends HubUnavailableException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    Garbled(String message) {
      this(message, false);
    }

    Garbled(String message, boolean retryable) {
      super(Kind.BAD_RESPONSE, message, -1);
      this.retryable = retryable;
    }

    boolean retryable() {
      return retryable;
    }

    @Override
    Garbled withMessage(String message) {
      return new Garbled(message, retryable);
    }
  }

  /** Offline mode is on and the answer is not cached. */
  static final class OfflineMiss extends HubUnavailableException {
    private static final long serialVersionUID = 1L;

    OfflineMiss(String message) {
      super(Kind.OFFLINE, message, -1);
    }

    @Override
    OfflineMiss withMessage(String message) {
      return new OfflineMiss(message);
    }
  }
}
