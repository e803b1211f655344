package io.hfvram.estimate;

/**
 * vLLM's self-speculative decoding with the model's own multi-token-prediction (MTP) layers: {@code
 * speculative_config={"method": "mtp", "num_speculative_tokens": K}} ("deepseek_mtp" is the older
 * name of the same method). A separate draft model is not modelled.
 *
 * @param method "mtp", or null when speculative decoding is off
 * @param tokens num_speculative_tokens; 0 for vLLM's default, the model's MTP layers
 */
public record VllmSpeculation(String method, int tokens) {

  /** The only method modelled: the checkpoint's MTP layers draft the tokens. */
  public static final String MTP = "mtp";

  public VllmSpeculation {
    if (tokens < 0) {
      throw new IllegalArgumentException("num_speculative_tokens must not be negative");
    }
    if ("deepseek_mtp".equals(method)) {
      method = MTP;
    }
    if (method == null && tokens > 0) {
      method = MTP;
    }
    if (method != null && !MTP.equals(method)) {
      throw new IllegalArgumentException("speculative method must be mtp, got '" + method + "'");
    }
  }

  /** Speculative decoding off. */
  public static VllmSpeculation none() {
    return new VllmSpeculation(null, 0);
  }

  /** Whether the MTP layers are loaded and drafting. */
  public boolean enabled() {
    return method != null;
  }
}
