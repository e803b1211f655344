package io.hfvram.estimate;

import io.hfvram.spec.ModelSpec;

/**
 * vLLM's speculative decoding: with the model's own multi-token-prediction (MTP) layers ({@code
 * speculative_config={"method": "mtp", "num_speculative_tokens": K}}; "deepseek_mtp" is the older
 * name of the same method), or with a separate draft model ({@code {"model": DRAFT,
 * "num_speculative_tokens": K}}, method "draft_model").
 *
 * @param method "mtp" or "draft_model", or null when speculative decoding is off
 * @param tokens num_speculative_tokens; 0 for vLLM's default, the model's MTP layers (a draft model
 *     needs it given)
 * @param draft the separate draft model, or null for MTP (and when off)
 */
public record VllmSpeculation(String method, int tokens, ModelSpec draft) {

  /** The checkpoint's MTP layers draft the tokens. */
  public static final String MTP = "mtp";

  /** A separate, smaller model drafts the tokens. */
  public static final String DRAFT_MODEL = "draft_model";

  public VllmSpeculation {
    if (tokens < 0) {
      throw new IllegalArgumentException("num_speculative_tokens must not be negative");
    }
    if ("deepseek_mtp".equals(method)) {
      method = MTP;
    }
    if (draft != null) {
      if (method != null && !DRAFT_MODEL.equals(method)) {
        throw new IllegalArgumentException(
            "a separate draft model cannot go with speculative method '" + method + "'");
      }
      if (tokens == 0) {
        throw new IllegalArgumentException("a draft model needs num_speculative_tokens");
      }
      method = DRAFT_MODEL;
    } else {
      if (method == null && tokens > 0) {
        method = MTP;
      }
      if (method != null && !MTP.equals(method)) {
        throw new IllegalArgumentException("speculative method must be mtp, got '" + method + "'");
      }
    }
  }

  /** MTP speculation, or none when {@code method} is null and {@code tokens} 0. */
  public VllmSpeculation(String method, int tokens) {
    this(method, tokens, null);
  }

  /** Speculative decoding off. */
  public static VllmSpeculation none() {
    return new VllmSpeculation(null, 0, null);
  }

  /** The same number of tokens drafted by a separate model. */
  public VllmSpeculation withDraft(ModelSpec d) {
    return new VllmSpeculation(null, tokens, d);
  }

  /** Whether a draft (MTP layers or a separate model) is loaded and drafting. */
  public boolean enabled() {
    return method != null;
  }
}
