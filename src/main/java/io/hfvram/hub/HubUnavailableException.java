package io.hfvram.hub;

import io.hfvram.core.HfVramException;

/** The Hub could not answer: network down, timeout, rate limit, server error, or offline. */
public final class HubUnavailableException extends HfVramException {
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

  public HubUnavailableException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
