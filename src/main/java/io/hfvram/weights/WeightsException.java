package io.hfvram.weights;

import io.hfvram.core.HfVramException;

/** Weights metadata that cannot be read: a corrupt safetensors or GGUF header. */
public final class WeightsException extends HfVramException {
  private static final long serialVersionUID = 1L;

  public WeightsException(String message) {
    super(message);
  }
}
