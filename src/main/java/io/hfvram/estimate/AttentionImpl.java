package io.hfvram.estimate;

import java.util.Locale;

/** The attention kernel, which decides whether the s x s score matrix is materialised. */
public enum AttentionImpl {
  /** Fused kernels (FlashAttention, SDPA): no s x s matrix in memory. */
  FLASH,
  /** transformers' eager attention: scores and softmax of b x heads x s x s. */
  EAGER;

  /** The lower-case name used on the command line and in JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }
}
