package io.hfvram.estimate;

import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;

/**
 * Activation memory. Training follows Korthikanti et al. 2022 (arXiv:2205.05198, eq. 1),
 * generalised: each term of the paper's 34·s·b·h is written per tensor so that GQA (narrower K
 * and V), explicit head_dim and gated MLPs of any width are counted as they are. Dropout masks
 * are not stored (modern LLM configs train with dropout 0). See docs/formulas.md.
 */
final class Activations {
  private Activations() {}

  /** Bytes per activation element at inference: fp32 for fp32 weights, else 16-bit. */
  static int inferenceElementBytes(DType weights) {
    return weights == DType.FP32 ? 4 : 2;
  }

  /**
   * Prefill peak of a forward pass: the widest layer's live tensors (residual, normed input, and
   * the MLP's three live intermediates: 2h + 3f elements per token), the final logits of the last
   * token in fp32 and, for eager attention, the b x heads x s x s scores and their fp32 softmax.
   */
  static long inference(ModelSpec spec, DType weights, long b, long s, AttentionImpl attn) {
    int e = inferenceElementBytes(weights);
    long h = spec.hiddenSize();
    long f = spec.intermediateSize();
    long q = Math.multiplyExact(spec.numAttentionHeads(), spec.headDim());
    long kv = Math.multiplyExact(spec.numKeyValueHeads(), spec.headDim());
    long perToken = Math.max(Math.addExact(2 * h, 3 * f), Math.addExact(2 * h,
        Math.addExact(2 * q, 2 * kv)));
    long tokens = Math.multiplyExact(b, s);
    long layer = Math.multiplyExact(Math.multiplyExact(tokens, perToken), e);
    long logits = Math.multiplyExact(Math.multiplyExact(b, spec.vocabSize()), e + 4);
    long scores = 0;
    if (attn == AttentionImpl.EAGER) {
      scores = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(b,
          spec.numAttentionHeads()), Math.multiplyExact(s, s)), 2L * e + 4);
    }
    return Math.addExact(Math.addExact(layer, logits), scores);
  }

  /**
   * Activations saved for the backward pass, per layer per token in elements: the two norm
   * inputs (2h), attention (input h, Q q, K and V 2kv, output q, plus fp32 softmax statistics per
   * head), the gated MLP (input h, gate f, up f, activation f, product f); times layers, plus
   * the embedding output (h), and the logits with their fp32 copy and log-softmax (V x (e + 8)).
   */
  static long training(ModelSpec spec, int e, long b, long s, AttentionImpl attn) {
    long h = spec.hiddenSize();
    long f = spec.intermediateSize();
    long heads = spec.numAttentionHeads();
    long q = Math.multiplyExact(heads, spec.headDim());
    long kv = Math.multiplyExact(spec.numKeyValueHeads(), spec.headDim());
    long activeFfn = spec.expertsPerToken() > 0 ? Math.multiplyExact(f, spec.expertsPerToken())
        : f;
    long attnElems = Math.addExact(Math.addExact(h, 2 * q), 2 * kv);
    long mlpElems = Math.addExact(h, Math.multiplyExact(4, activeFfn));
    long perTokenLayer = Math.addExact(Math.multiplyExact(Math.addExact(Math.addExact(2 * h,
        attnElems), mlpElems), e), Math.multiplyExact(heads, 4));
    long tokens = Math.multiplyExact(b, s);
    long layers = Math.multiplyExact(Math.multiplyExact(perTokenLayer, tokens),
        spec.numLayers());
    long scores = 0;
    if (attn == AttentionImpl.EAGER) {
      scores = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(b, heads),
          Math.multiplyExact(s, s)), Math.multiplyExact(e + 4L, spec.attentionLayers()));
    }
    long embed = Math.multiplyExact(Math.multiplyExact(tokens, h), e);
    long logits = Math.multiplyExact(Math.multiplyExact(tokens, spec.vocabSize()), e + 8);
    return Math.addExact(Math.addExact(layers, scores), Math.addExact(embed, logits));
  }
}
