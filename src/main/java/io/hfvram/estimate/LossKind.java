package io.hfvram.estimate;

import java.util.Locale;

/** How the language-model loss is computed from the last hidden states (see {@link Loss}). */
public enum LossKind {
  /** Full logits, upcast to fp32 inside the loss (transformers ForCausalLMLoss). */
  FULL,
  /** torchtune CEWithChunkedOutputLoss: bf16 logits in 8 chunks, each upcast on its own. */
  CHUNKED,
  /** Fused linear cross-entropy (Liger, torchtune LinearCrossEntropyLoss): no T x V tensor. */
  FUSED;

  /** The lower-case name used on the command line and in JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }
}
