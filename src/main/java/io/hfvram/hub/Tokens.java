package io.hfvram.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the Hugging Face token the way huggingface_hub does: an explicit value, then HF_TOKEN
 * (then the deprecated HUGGING_FACE_HUB_TOKEN), then the token file (HF_TOKEN_PATH, else
 * $HF_HOME/token, else ~/.cache/huggingface/token). Values are stripped; empty means none.
 */
final class Tokens {
  private Tokens() {}

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
