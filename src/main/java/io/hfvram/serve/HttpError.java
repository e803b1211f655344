package io.hfvram.serve;

/** An error the server itself answers with a status (bad request, too large, too many). */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final int exitCode;

  HttpError(int status, String message) {
    this(status, status == 400 ? 2 : -1, message);
  }

  /** An error with the command line's exit code (-1: none). */
  HttpError(int status, int exitCode, String message) {
    super(message);
    this.status = status;
    this.exitCode = exitCode;
  }

  int status() {
    return status;
  }

  int exitCode() {
    return exitCode;
  }
}
