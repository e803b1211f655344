package io.hfvram.hub;

import java.util.Locale;
import java.util.Map;

/** How huggingface_hub reads its environment variables, and the one offline switch. */
final class EnvVars {
  private EnvVars() {}

  /** The value with line breaks removed and stripped; null when empty. */
  static String clean(String s) {
    if (s == null) {
      return null;
    }
    String t = s.replace("\r", "").replace("\n", "").strip();
    return t.isEmpty() ? null : t;
  }

  /** huggingface_hub's boolean: 1, ON, YES or TRUE in any case. */
  static boolean truthy(String v) {
    if (v == null) {
      return false;
    }
    String s = v.strip().toUpperCase(Locale.ROOT);
    return s.equals("1") || s.equals("ON") || s.equals("YES") || s.equals("TRUE");
  }

  /**
   * Whether the network is off: {@code --offline}, else HF_HUB_OFFLINE, else (only when
   * HF_HUB_OFFLINE is unset) TRANSFORMERS_OFFLINE.
   */
  static boolean offline(boolean flag, Map<String, String> env) {
    return flag
        || truthy(env.get("HF_HUB_OFFLINE"))
        || (env.get("HF_HUB_OFFLINE") == null && truthy(env.get("TRANSFORMERS_OFFLINE")));
  }
}
