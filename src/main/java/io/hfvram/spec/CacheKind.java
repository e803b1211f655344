package io.hfvram.spec;

/** How a layer keeps state during generation. */
public enum CacheKind {
  /** Full attention: K and V for every token of the sequence. */
  ATTENTION,
  /** Sliding-window attention: K and V for at most {@code window} recent tokens. */
  SLIDING,
  /**
   * Chunked local attention (Llama 4's {@code attention_chunk_size}): K and V for at most {@code
   * window} tokens, the current chunk.
   */
  CHUNKED,
  /** Multi-head latent attention: one compressed latent plus the RoPE key per token. */
  MLA,
  /** Cross-attention over the encoder output: K and V for every encoder token. */
  CROSS,
  /** A recurrent state of constant size per sequence (Mamba, linear attention). */
  STATE
}
