package io.hfvram.estimate;

import java.util.Locale;

/**
 * How transformers' generate runs (docs/formulas.md, "transformers generate").
 *
 * @param cache the KV cache implementation
 * @param newTokens tokens generated after the prompt (0: not told; no decode transient counted)
 * @param gptqKernel the GPTQ kernel, whose scratch buffers stay on the GPU; null for the default
 *     (ExLlama v1 for 4-bit GPTQ, GPTQConfig's default)
 */
public record HfSetup(Cache cache, long newTokens, GptqKernel gptqKernel) {

  /** transformers' KV cache classes. */
  public enum Cache {
    /** DynamicCache (transformers 4.36+): each layer's tensors grow by torch.cat in place. */
    DYNAMIC,
    /** StaticCache: batch x max_cache_len allocated once for every layer. */
    STATIC,
    /** Tuple past_key_values (before 4.36): each step builds a new cache beside the old one. */
    LEGACY;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The GPTQ kernels of auto-gptq / optimum and their persistent scratch. */
  public enum GptqKernel {
    /** ExLlama v1: a temp_dq buffer of the largest layer's in x out fp16. */
    EXLLAMA,
    /** ExLlama v2: temp_dq plus a forward buffer of out x 2048 x 8 x 4 B. */
    EXLLAMAV2,
    /** Marlin: a small per-layer workspace (no dequantisation buffer). */
    MARLIN,
    /** The CUDA/Triton/torch kernels: no persistent scratch. */
    CUDA;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public HfSetup {
    if (cache == null) {
      cache = Cache.DYNAMIC;
    }
    if (newTokens < 0) {
      throw new IllegalArgumentException("new tokens must not be negative");
    }
  }

  /** DynamicCache, no decode length given, the default GPTQ kernel. */
  public static HfSetup defaults() {
    return new HfSetup(Cache.DYNAMIC, 0, null);
  }
}
