package io.hfvram.hub;

import java.nio.file.Path;
import java.util.Map;

/** The folders huggingface_hub and hf-vram use, from the environment. */
public final class HubPaths {
  private HubPaths() {}

  /** HF_HOME, else $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface. */
  public static Path hfHome(Map<String, String> env, Path home) {
    String h = Tokens.clean(env.get("HF_HOME"));
    if (h != null) {
      return expand(h, home);
    }
    String xdg = Tokens.clean(env.get("XDG_CACHE_HOME"));
    if (xdg != null) {
      return expand(xdg, home).resolve("huggingface");
    }
    return home.resolve(".cache").resolve("huggingface");
  }

  /** HF_HUB_CACHE, else HUGGINGFACE_HUB_CACHE, else $HF_HOME/hub. */
  public static Path hfHubCache(Map<String, String> env, Path home) {
    String c = Tokens.clean(env.get("HF_HUB_CACHE"));
    if (c == null) {
      c = Tokens.clean(env.get("HUGGINGFACE_HUB_CACHE"));
    }
    return c != null ? expand(c, home) : hfHome(env, home).resolve("hub");
  }

  /** --cache-dir, else HF_VRAM_CACHE, else $XDG_CACHE_HOME/hf-vram, else ~/.cache/hf-vram. */
  public static Path ourCache(Path explicit, Map<String, String> env, Path home) {
    if (explicit != null) {
      return explicit;
    }
    String c = Tokens.clean(env.get("HF_VRAM_CACHE"));
    if (c != null) {
      return expand(c, home);
    }
    String xdg = Tokens.clean(env.get("XDG_CACHE_HOME"));
    if (xdg != null) {
      return expand(xdg, home).resolve("hf-vram");
    }
    return home.resolve(".cache").resolve("hf-vram");
  }

  /** HF_ENDPOINT, else the public Hub. */
  public static String endpoint(String explicit, Map<String, String> env) {
    if (explicit != null && !explicit.isBlank()) {
      return explicit.strip();
    }
    String e = Tokens.clean(env.get("HF_ENDPOINT"));
    return e != null ? e : "https://huggingface.co";
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
