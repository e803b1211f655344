package io.hfvram.estimate;

import io.hfvram.core.Numbers;
import io.hfvram.spec.ModelSpec;

/**
 * The language-model loss: what it saves for the backward pass and the transient it adds at the
 * head's backward, the first thing backward runs (so it meets every saved activation). T = b x s
 * tokens, V the vocabulary (per tensor-parallel rank), h the hidden size; docs/formulas.md "Loss".
 * Sources:
 *
 * <ul>
 *   <li>{@link LossKind#FULL}: transformers 5.17.0 src/transformers/loss/loss_utils.py
 *       ForCausalLMLoss ({@code logits.float()}, then cross_entropy): log_softmax's fp32 output is
 *       saved, 4·T·V; nll_loss_backward and log_softmax_backward outputs (fp32) coexist with it,
 *       +8·T·V transient.
 *   <li>{@link LossKind#CHUNKED}: torchtune 30b8519e8
 *       torchtune/modules/loss/ce_chunked_output_loss.py (8 chunks): the bf16 logits exist in full;
 *       uncompiled each chunk's fp32 log-softmax is saved (4·T·V), compiled the fused CE saves the
 *       bf16 chunk and a fp32 logsumexp per row (2·T·V + 4·T); transient one chunk (T/8)·V·(4 + 2).
 *   <li>{@link LossKind#FUSED}: linkedin/Liger-Kernel v0.5.0
 *       src/liger_kernel/ops/fused_linear_cross_entropy.py: the forward computes the input's
 *       gradient (saved: 2·T·h) chunk by chunk; chunk = next power of two of T / Numbers.ceilDiv(V
 *       / h) rows, transient 2 x chunk x V bytes.
 * </ul>
 */
final class Loss {
  /** torchtune's num_output_chunks. */
  static final int CHUNKS = 8;

  private Loss() {}

  /** Bytes the loss saves for the backward pass. */
  static long saved(LossKind kind, boolean compiled, ModelSpec spec, long tokens, int tp) {
    long tv = Math.multiplyExact(tokens, spec.vocabSize() / tp);
    return switch (kind) {
      // compiled: the bf16 logits and two fp32 scalars per token (max and log-sum-exp) instead
      // of the fp32 log-softmax
      case FULL -> compiled ? Math.addExact(Math.multiplyExact(tv, 2), 8 * tokens) : tv * 4;
      case CHUNKED ->
          compiled
              ? Math.addExact(Math.multiplyExact(tv, 2), 4 * tokens)
              : Math.multiplyExact(tv, 4);
      case FUSED -> Math.multiplyExact(Math.multiplyExact(tokens, spec.hiddenSize()), 2);
    };
  }

  /** Bytes the loss adds, for a moment, at the head's backward (or Liger's forward). */
  static long headTransient(LossKind kind, ModelSpec spec, long tokens, int tp) {
    long v = spec.vocabSize() / tp;
    return switch (kind) {
      case FULL -> Math.multiplyExact(Math.multiplyExact(tokens, v), 8);
      case CHUNKED -> Math.multiplyExact(Math.multiplyExact(Numbers.ceilDiv(tokens, CHUNKS), v), 6);
      case FUSED ->
          Math.multiplyExact(Math.multiplyExact(fusedChunk(tokens, v, spec.hiddenSize()), v), 2);
    };
  }

  /** Liger's chunk rows: next power of two of Numbers.ceilDiv(T / Numbers.ceilDiv(V / h)). */
  static long fusedChunk(long tokens, long v, long h) {
    long rows = Numbers.ceilDiv(tokens, Math.max(1, Numbers.ceilDiv(v, h)));
    long p = 1;
    while (p < rows) {
      p <<= 1;
    }
    return p;
  }
}
