package io.hfvram.spec;

/**
 * Layers that keep the same kind and shape of cache.
 *
 * @param kind how the layers cache
 * @param layers how many layers
 * @param kvHeads key/value heads per layer (1 for MLA)
 * @param keyDim elements per head for keys (for MLA: kv_lora_rank + qk_rope_head_dim)
 * @param valueDim elements per head for values (0 for MLA, whose latent serves both)
 * @param window the window in tokens for {@link CacheKind#SLIDING}, the chunk for {@link
 *     CacheKind#CHUNKED}, else 0
 * @param stateElements elements of recurrent state per sequence per layer for {@link
 *     CacheKind#STATE}, else 0
 */
public record CacheGroup(
    CacheKind kind,
    long layers,
    long kvHeads,
    long keyDim,
    long valueDim,
    long window,
    long stateElements) {

  public CacheGroup {
    if (layers < 0
        || kvHeads < 0
        || keyDim < 0
        || valueDim < 0
        || window < 0
        || stateElements < 0) {
      throw new IllegalArgumentException("negative cache dimension");
    }
  }

  /** Full-attention layers. */
  public static CacheGroup attention(long layers, long kvHeads, long keyDim, long valueDim) {
    return new CacheGroup(CacheKind.ATTENTION, layers, kvHeads, keyDim, valueDim, 0, 0);
  }

  /** Sliding-window layers. */
  public static CacheGroup sliding(
      long layers, long kvHeads, long keyDim, long valueDim, long window) {
    return new CacheGroup(CacheKind.SLIDING, layers, kvHeads, keyDim, valueDim, window, 0);
  }

  /** Chunked local-attention layers: K and V of at most one chunk of {@code chunk} tokens. */
  public static CacheGroup chunked(
      long layers, long kvHeads, long keyDim, long valueDim, long chunk) {
    return new CacheGroup(CacheKind.CHUNKED, layers, kvHeads, keyDim, valueDim, chunk, 0);
  }

  /** Layers of constant recurrent state: {@code elements} per sequence per layer. */
  public static CacheGroup state(long layers, long elements) {
    return new CacheGroup(CacheKind.STATE, layers, 0, 0, 0, 0, elements);
  }

  /** Cache elements per token per layer (0 for recurrent state). */
  public long elementsPerTokenPerLayer() {
    if (kind == CacheKind.STATE) {
      return 0;
    }
    return Math.multiplyExact(kvHeads, Math.addExact(keyDim, valueDim));
  }

  /** Tokens held per sequence of the given length. */
  public long tokensHeld(long sequenceLength) {
    if ((kind == CacheKind.SLIDING || kind == CacheKind.CHUNKED) && window > 0) {
      return Math.min(window, sequenceLength);
    }
    return kind == CacheKind.STATE ? 0 : sequenceLength;
  }
}
