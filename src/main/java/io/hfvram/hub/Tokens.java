package io.hfvram.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the Hugging Face token the way huggingface_hub does: an explicit value, then HF_TOKEN (then
 * the deprecated HUGGING_FACE_HUB_TOKEN), then the token file (HF_TOKEN_PATH, else $HF_HOME/token,
 * else ~/.cache/huggingface/token). Values are stripped; empty means none.
 */
final class Tokens {
  private Tokens() {}

  /** Largest token file read. */
  static final long MAX_FILE = 4096;

  /**
   * The token of an explicit {@code --token-file}, checked now.
   *
   * @throws IllegalArgumentException when the file cannot be read, is too large or empty, or the
   *     token holds a character that cannot be sent
   */
  static String fromFile(Path file) {
    String t;
    try {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("--token-file " + file + ": no such file");
      }
      if (Files.size(file) > MAX_FILE) {
        throw new IllegalArgumentException(
            "--token-file " + file + ": over " + MAX_FILE + " bytes, not a token");
      }
      t = EnvVars.clean(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException i) {
        throw i;
      }
      throw new IllegalArgumentException(
          "--token-file " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (t == null) {
      throw new IllegalArgumentException("--token-file " + file + " is empty");
    }
    String problem = Redaction.tokenProblem(t, "--token-file");
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return t;
  }

  /** The token, or null. */
  static String resolve(String explicit, Map<String, String> env, Path home) {
    String t = EnvVars.clean(explicit);
    if (t != null) {
      return t;
    }
    if (EnvVars.truthy(env.get("HF_HUB_DISABLE_IMPLICIT_TOKEN"))) {
      return null;
    }
    t = EnvVars.clean(env.get("HF_TOKEN"));
    if (t == null) {
      t = EnvVars.clean(env.get("HUGGING_FACE_HUB_TOKEN"));
    }
    if (t != null) {
      return t;
    }
    Path file = HubPaths.tokenFile(env, home);
    try {
      if (Files.isRegularFile(file) && Files.size(file) < 4096) {
        return EnvVars.clean(Files.readString(file, StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }
}
