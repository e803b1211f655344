package io.hfvram.core;

/** A document that is not JSON, or breaks a limit. The message is one line, without a path. */
public final class JsonException extends Exception {
  private static final long serialVersionUID = 1L;

  public JsonException(String message) {
    super(message);
  }
}
