package io.hfvram.cli;

import java.io.IOException;
import java.util.Locale;

/**
 * Output could not be written: a full disk, a missing folder, a closed pipe. A closed pipe ({@code
 * hf-vram scan ... | head}) exits quietly with 141 (128 + SIGPIPE, as a shell tool killed by
 * SIGPIPE would); any other write error exits 7 with one line.
 */
final class OutputException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean closedPipe;

  OutputException(String name, IOException cause) {
    super(message(name, cause), cause);
    this.closedPipe =
        cause != null
            && cause.getMessage() != null
            && cause.getMessage().toLowerCase(Locale.ROOT).contains("broken pipe");
  }

  /** True when the reader went away (EPIPE): the run stops without a message. */
  boolean closedPipe() {
    return closedPipe;
  }

  private static String message(String name, IOException cause) {
    String why =
        cause == null
            ? "write error"
            : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return "cannot write " + name + ": " + why;
  }
}
