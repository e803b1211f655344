package io.hfvram.hub;

import java.nio.file.Path;
import java.util.Map;

/** The folders huggingface_hub and hf-vram use, from the environment. */
final class HubPaths {
  private HubPaths() {}

  /** HF_HOME, else $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface. */
  static Path hfHome(Map<String, String> env, Path home) {
    String h = EnvVars.clean(env.get("HF_HOME"));
    if (h != null) {
      return expand(h, home);
    }
    String xdg = EnvVars.clean(env.get("XDG_CACHE_HOME"));
    if (xdg != null) {
      return expand(xdg, home).resolve("huggingface");
    }
    return home.resolve(".cache").resolve("huggingface");
  }

  /** HF_HUB_CACHE, else HUGGINGFACE_HUB_CACHE, else $HF_HOME/hub. */
  static Path hfHubCache(Map<String, String> env, Path home) {
    String c = EnvVars.clean(env.get("HF_HUB_CACHE"));
    if (c == null) {
      c = EnvVars.clean(env.get("HUGGINGFACE_HUB_CACHE"));
    }
    return c != null ? expand(c, home) : hfHome(env, home).resolve("hub");
  }

  /** --cache-dir, else HF_VRAM_CACHE, else $XDG_CACHE_HOME/hf-vram, else ~/.cache/hf-vram. */
  static Path ourCache(Path explicit, Map<String, String> env, Path home) {
    if (explicit != null) {
      return explicit;
    }
    String c = EnvVars.clean(env.get("HF_VRAM_CACHE"));
    if (c != null) {
      return expand(c, home);
    }
    String xdg = EnvVars.clean(env.get("XDG_CACHE_HOME"));
    if (xdg != null) {
      return expand(xdg, home).resolve("hf-vram");
    }
    return home.resolve(".cache").resolve("hf-vram");
  }

  /** HF_ENDPOINT, else the public Hub. */
  static String endpoint(String explicit, Map<String, String> env) {
    if (explicit != null && !explicit.isBlank()) {
      return explicit.strip();
    }
    String e = EnvVars.clean(env.get("HF_ENDPOINT"));
    return e != null ? e : "https://huggingface.co";
  }

  /** The token file: HF_TOKEN_PATH, else $HF_HOME/token. */
  static Path tokenFile(Map<String, String> env, Path home) {
    String p = EnvVars.clean(env.get("HF_TOKEN_PATH"));
    if (p != null) {
      return Path.of(p);
    }
    return hfHome(env, home).resolve("token");
  }

  static Path expand(String p, Path home) {
    if (p.equals("~")) {
      return home;
    }
    if (p.startsWith("~/")) {
      return home.resolve(p.substring(2));
    }
    return Path.of(p);
  }
}
