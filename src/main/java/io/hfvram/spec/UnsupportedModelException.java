package io.hfvram.spec;

import io.hfvram.core.HfVramException;

/** A config whose architecture no mapper can read. */
public final class UnsupportedModelException extends HfVramException {
  private static final long serialVersionUID = 1L;

  public UnsupportedModelException(String message) {
    super(message);
  }
}
