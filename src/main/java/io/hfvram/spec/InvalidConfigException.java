package io.hfvram.spec;

import io.hfvram.core.HfVramException;

/**
 * A config that cannot be mapped: a missing or malformed key, an absurd value, or an architecture
 * we do not know. The message is one line and names the file and the key.
 */
public final class InvalidConfigException extends HfVramException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String key;

  public InvalidConfigException(String file, String key, String problem) {
    super(compose(file, key, problem));
    this.file = file;
    this.key = key;
  }

  private static String compose(String file, String key, String problem) {
    StringBuilder sb = new StringBuilder();
    if (file != null) {
      sb.append(file).append(": ");
    }
    if (key != null) {
      sb.append('\'').append(key).append("' ");
    }
    sb.append(problem);
    return sb.toString();
  }

  /** The file the problem is in, or null. */
  public String file() {
    return file;
  }

  /** The key at fault, or null when the whole file is. */
  public String key() {
    return key;
  }
}
