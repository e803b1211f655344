package io.hfvram.hub;

import io.hfvram.core.HfVramException;

/**
 * Every failure of the Hub path. The hierarchy is sealed: a caller (the retry policy, the CLI's
 * exit codes) decides by type. {@link HubAccessException}: the Hub answered that the model may not
 * be read or does not exist; {@link HubUnavailableException}: the Hub could not answer; {@link
 * InvalidReferenceException}: a name that the Hub's rules reject, so nothing was sent.
 */
public abstract sealed class HubException extends HfVramException
    permits HubAccessException, HubUnavailableException, InvalidReferenceException {
  private static final long serialVersionUID = 1L;

  HubException(String message) {
    // Whatever a server echoed into a message, a token-looking string never reaches the user.
    super(Redaction.redact(message, null));
  }
}
