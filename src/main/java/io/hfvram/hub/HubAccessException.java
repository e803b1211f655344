package io.hfvram.hub;

/** The Hub answered that the model, revision or file does not exist or may not be read. */
public abstract sealed class HubAccessException extends HubException
    permits HubAccessException.NotFound, HubAccessException.Denied, HubAccessException.Rejected {
  private static final long serialVersionUID = 1L;

  /** What the Hub said. */
  public enum Kind {
    REPO_NOT_FOUND,
    REVISION_NOT_FOUND,
    ENTRY_NOT_FOUND,
    GATED,
    UNAUTHORIZED,
    FORBIDDEN,
    DISABLED,
    BAD_REQUEST
  }

  private final Kind kind;

  private HubAccessException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** What the Hub said, in finer detail than the type. */
  public Kind kind() {
    return kind;
  }

  /** The repository, revision or file does not exist (or is hidden from this token). */
  static final class NotFound extends HubAccessException {
    private static final long serialVersionUID = 1L;

    NotFound(Kind kind, String message) {
      super(kind, message);
    }
  }

  /** The repository exists but this caller may not read it: gated, bad token, forbidden. */
  static final class Denied extends HubAccessException {
    private static final long serialVersionUID = 1L;

    Denied(Kind kind, String message) {
      super(kind, message);
    }
  }

  /** The Hub rejected the request itself (HTTP 400). */
  static final class Rejected extends HubAccessException {
    private static final long serialVersionUID = 1L;

    Rejected(String message) {
      super(Kind.BAD_REQUEST, message);
    }
  }
}
