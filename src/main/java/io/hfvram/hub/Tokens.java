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
public final class Tokens {
  private Tokens() {}

  /** The token, or null. */
  public static String resolve(String explicit, Map<String, String> env, Path home) {
    String t = clean(explicit);
    if (t != null) {
      return t;
    }
    if (truthy(env.get("HF_HUB_DISABLE_IMPLICIT_TOKEN"))) {
      return null;
    }
    t = clean(env.get("HF_TOKEN"));
    if (t == null) {
      t = clean(env.get("HUGGING_FACE_HUB_TOKEN"));
    }
    if (t != null) {
      return t;
    }
    Path file = tokenFile(env, home);
    try {
      if (Files.isRegularFile(file) && Files.size(file) < 4096) {
        return clean(Files.readString(file, StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  /** Where the token file is. */
  static Path tokenFile(Map<String, String> env, Path home) {
    String p = clean(env.get("HF_TOKEN_PATH"));
    if (p != null) {
      return Path.of(p);
    }
    return HubPaths.hfHome(env, home).resolve("token");
  }

  static String clean(String s) {
    if (s == null) {
      return null;
    }
    String t = s.replace("\r", "").replace("\n", "").strip();
    return t.isEmpty() ? null : t;
  }

  /** huggingface_hub's boolean: 1, ON, YES or TRUE in any case. */
  public static boolean truthy(String v) {
    if (v == null) {
      return false;
    }
    String s = v.strip().toUpperCase(java.util.Locale.ROOT);
    return s.equals("1") || s.equals("ON") || s.equals("YES") || s.equals("TRUE");
  }
}
