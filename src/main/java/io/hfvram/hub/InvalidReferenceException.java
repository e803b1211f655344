package io.hfvram.hub;

/** A repo id, revision or file name that the Hub's own rules reject; no request was sent. */
public final class InvalidReferenceException extends HubException {
  private static final long serialVersionUID = 1L;

  InvalidReferenceException(String message) {
    super(message);
  }
}
