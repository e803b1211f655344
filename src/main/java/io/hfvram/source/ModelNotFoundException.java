package io.hfvram.source;

import io.hfvram.core.HfVramException;

/** The model does not exist where the user pointed, or cannot be read. */
public final class ModelNotFoundException extends HfVramException {
  private static final long serialVersionUID = 1L;

  public ModelNotFoundException(String message) {
    super(message);
  }
}
