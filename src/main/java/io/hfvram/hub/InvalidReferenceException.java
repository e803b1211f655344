package io.hfvram.hub;

import io.hfvram.core.HfVramException;

/** A repo id, revision or file name that the Hub's own rules reject; no request was sent. */
public final class InvalidReferenceException extends HfVramException {
  private static final long serialVersionUID = 1L;

  public InvalidReferenceException(String message) {
    super(message);
  }
}
