package io.hfvram.estimate;

import io.hfvram.spec.CacheGroup;
import io.hfvram.spec.CacheKind;
import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import java.util.Locale;

/**
 * KV cache sizes: per token over the attention layers (GQA, MLA latents, KV heads split under
 * tensor parallelism as vLLM does), and per batch with sliding windows capped and recurrent states
 * counted once per sequence.
 */
final class KvCache {
  private KvCache() {}

  /** KV cache bytes per token per GPU under tensor parallelism (no window cap). */
  static long bytesPerToken(ModelSpec spec, DType kv, int tp) {
    long elements = 0;
    for (CacheGroup g : spec.cache()) {
      if (g.kind() == CacheKind.STATE) {
        continue;
      }
      elements = Math.addExact(elements, Math.multiplyExact(g.layers(), perGpuElements(g, tp)));
    }
    return ceilBits(Math.multiplyExact(elements, kv.bits()));
  }

  /** KV cache (and recurrent state) bytes per GPU for a batch of sequences. */
  static long bytes(ModelSpec spec, DType kv, long batch, long seq, int tp) {
    long bitsPerSequence = 0;
    for (CacheGroup g : spec.cache()) {
      long elements;
      if (g.kind() == CacheKind.STATE) {
        elements = Math.multiplyExact(g.layers(), g.stateElements() / tp);
      } else {
        elements =
            Math.multiplyExact(
                Math.multiplyExact(g.layers(), perGpuElements(g, tp)), g.tokensHeld(seq));
      }
      bitsPerSequence = Math.addExact(bitsPerSequence, Math.multiplyExact(elements, kv.bits()));
    }
    return Math.multiplyExact(ceilBits(bitsPerSequence), batch);
  }

  /** K and V elements per token of one layer of the group on one GPU. */
  static long perGpuElements(CacheGroup g, int tp) {
    if (tp <= 1 || g.kind() == CacheKind.MLA) {
      return g.elementsPerTokenPerLayer();
    }
    long heads = Math.max(1, g.kvHeads() / tp);
    return Math.multiplyExact(heads, g.keyDim() + g.valueDim());
  }

  /**
   * The assumption line for the cache formula the model uses: GQA's 2 x KV heads x head_dim, or
   * MLA's one latent of kv_lora_rank + qk_rope_head_dim per layer (DeepSeek-V2/V3).
   */
  static String note(ModelSpec spec, DType kv, String bytes) {
    long mlaLayers = 0;
    long latent = 0;
    boolean other = false;
    for (CacheGroup g : spec.cache()) {
      if (g.kind() == CacheKind.MLA) {
        mlaLayers += g.layers();
        latent = g.keyDim();
      } else if (g.kind() != CacheKind.STATE) {
        other = true;
      }
    }
    String gqa =
        "KV cache = 2 (K and V) x layers x KV heads x head_dim x "
            + bytes
            + " B ("
            + kv
            + ") per token, times batch x sequence; sliding-window layers hold at most their window";
    if (mlaLayers == 0) {
      return gqa;
    }
    String mla =
        "KV cache (MLA) = (kv_lora_rank + qk_rope_head_dim) x layers x "
            + bytes
            + " B ("
            + kv
            + ") = "
            + latent
            + " x "
            + mlaLayers
            + " x "
            + bytes
            + " B per token, times batch x"
            + " sequence (the compressed latent, not per-head K and V)";
    return other ? mla + "; other layers: " + gqa : mla;
  }

  /** The per-token formula with the model's numbers, for --explain. */
  static String formula(ModelSpec spec, DType kv, int tp) {
    StringBuilder sb = new StringBuilder();
    for (CacheGroup g : spec.cache()) {
      if (g.kind() == CacheKind.STATE) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(" + ");
      }
      if (g.kind() == CacheKind.MLA) {
        sb.append(g.layers())
            .append(" MLA layers x ")
            .append(g.keyDim())
            .append(" (kv_lora_rank + qk_rope_head_dim)");
      } else {
        sb.append(g.layers())
            .append(' ')
            .append(g.kind().name().toLowerCase(Locale.ROOT))
            .append(" layers x 2 x ")
            .append(tp > 1 ? Math.max(1, g.kvHeads() / tp) : g.kvHeads())
            .append(" KV heads x ")
            .append(g.keyDim());
      }
    }
    if (sb.length() == 0) {
      return "no attention layers: 0";
    }
    return "("
        + sb
        + ") x "
        + (kv.bits() % 8 == 0 ? kv.bits() / 8 + " B" : kv.bits() + " bits")
        + " ("
        + kv
        + ")";
  }

  private static long ceilBits(long bits) {
    return bits / 8 + (bits % 8 == 0 ? 0 : 1);
  }
}
