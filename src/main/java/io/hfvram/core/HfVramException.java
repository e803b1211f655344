package io.hfvram.core;

/**
 * The base of every error hf-vram reports to a user: a one-line, actionable message. Subtypes say
 * what went wrong; the command line maps them to exit codes in one place.
 */
public abstract class HfVramException extends Exception {
  private static final long serialVersionUID = 1L;

  protected HfVramException(String message) {
    super(message);
  }

  protected HfVramException(String message, Throwable cause) {
    super(message, cause);
  }
}
