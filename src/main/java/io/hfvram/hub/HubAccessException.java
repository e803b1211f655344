package io.hfvram.hub;

import io.hfvram.core.HfVramException;

/** The Hub answered that the model, revision or file does not exist or may not be read. */
public final class HubAccessException extends HfVramException {
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

  public HubAccessException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
