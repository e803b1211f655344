package io.hfvram.estimate;

import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;

/**
 * Activation memory. Training follows Korthikanti et al. 2022 (arXiv:2205.05198, eq. 1-6),
 * generalised: each term of the paper's 34·s·b·h is written per tensor so that GQA (narrower K
 * and V), explicit head_dim, gated MLPs of any width and MoE top-k are counted as they are.
 * Dropout masks are not stored (modern LLM configs train with dropout 0). See docs/formulas.md.
 */
final class Activations {
  private Activations() {}

  /** Bytes per activation element at inference: fp32 for fp32 weights, else 16-bit. */
  static int inferenceElementBytes(DType weights) {
    return weights == DType.FP32 ? 4 : 2;
  }

  /**
   * Prefill peak of a forward pass per GPU: the widest layer's live tensors (residual and normed
   * input, replicated; the MLP's three live intermediates or attention's Q, K, V, split across
   * {@code tp}), the last token's logits in fp32 (vocab-parallel) and, for eager attention, the
   * b x heads x s x s scores and their fp32 softmax (heads split).
   */
  static long inference(ModelSpec spec, DType weights, long b, long s, AttentionImpl attn,
      int tp) {
    int e = inferenceElementBytes(weights);
    long h = spec.hiddenSize();
    long f = spec.intermediateSize();
    long q = Math.multiplyExact(spec.numAttentionHeads(), spec.headDim());
    long kv = Math.multiplyExact(spec.numKeyValueHeads(), spec.headDim());
    long split = Math.max(3 * f, Math.addExact(2 * q, 2 * kv)) / tp;
    long perToken = Math.addExact(2 * h, split);
    long tokens = Math.multiplyExact(b, s);
    long layer = Math.multiplyExact(Math.multiplyExact(tokens, perToken), e);
    long logits = Math.multiplyExact(Math.multiplyExact(b, spec.vocabSize() / tp), e + 4);
    long scores = 0;
    if (attn == AttentionImpl.EAGER) {
      scores = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(b,
          Math.max(1, spec.numAttentionHeads() / tp)), Math.multiplyExact(s, s)), 2L * e + 4);
    }
    return Math.addExact(Math.addExact(layer, logits), scores);
  }

  /**
   * Activations saved for the backward pass per GPU, per layer per token in elements: the two
   * norm inputs (2h), attention (input h, Q q, K and V 2kv, output q, plus fp32 softmax
   * statistics per head), the gated MLP (input h, gate f', up f', activation f', product f',
   * with f' = f x experts per token for MoE); with tensor parallelism t the inner tensors divide
   * by t and, with sequence parallelism, the replicated ones too (Korthikanti eq. 2 and 4). Full
   * checkpointing keeps each layer's input (h) and recomputes one layer at a time. Plus the
   * embedding output (h), LoRA's rank-r intermediates, and the logits with their fp32 copy and
   * log-softmax (V x (e + 8), vocab-parallel).
   */
  static long training(ModelSpec spec, int e, long b, long s, AttentionImpl attn,
      TrainingSetup t, long loraModulesPerLayer) {
    long h = spec.hiddenSize();
    long f = spec.intermediateSize();
    long heads = spec.numAttentionHeads();
    int tp = t.tensorParallel();
    boolean sp = t.sequenceParallel() && tp > 1;
    long q = Math.multiplyExact(heads, spec.headDim());
    long kv = Math.multiplyExact(spec.numKeyValueHeads(), spec.headDim());
    long activeFfn = spec.expertsPerToken() > 0 ? Math.multiplyExact(f, spec.expertsPerToken())
        : f;
    long replicated = 4 * h;
    long inner = Math.addExact(Math.addExact(2 * q, 2 * kv), Math.multiplyExact(4, activeFfn));
    long lora = t.method() == Method.FULL ? 0
        : Math.multiplyExact(loraModulesPerLayer, t.loraRank());
    long elements = Math.addExact(sp ? replicated / tp : replicated, inner / tp);
    elements = Math.addExact(elements, lora);
    long perTokenLayer = Math.addExact(Math.multiplyExact(elements, e),
        Math.multiplyExact(heads / tp, 4));
    long tokens = Math.multiplyExact(b, s);
    long layers;
    long scores = 0;
    long layerCount = spec.numLayers();
    long scorePerLayer = attn == AttentionImpl.EAGER && t.checkpointing() == Checkpointing.NONE
        ? Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(b, Math.max(1, heads / tp)),
            Math.multiplyExact(s, s)), e + 4L) : 0;
    if (t.checkpointing() == Checkpointing.FULL) {
      long inputs = Math.multiplyExact(Math.multiplyExact(tokens, sp ? h / tp : h),
          Math.multiplyExact(e, layerCount));
      long oneLayer = Math.multiplyExact(perTokenLayer, tokens);
      layers = Math.addExact(inputs, oneLayer);
      if (attn == AttentionImpl.EAGER) {
        scores = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(b,
            Math.max(1, heads / tp)), Math.multiplyExact(s, s)), e + 4L);
      }
    } else {
      layers = Math.multiplyExact(Math.multiplyExact(perTokenLayer, tokens), layerCount);
      scores = Math.multiplyExact(scorePerLayer, spec.attentionLayers());
    }
    long embed = Math.multiplyExact(Math.multiplyExact(tokens, sp ? h / tp : h), e);
    long logits = Math.multiplyExact(Math.multiplyExact(tokens, spec.vocabSize() / tp), e + 8);
    return Math.addExact(Math.addExact(layers, scores), Math.addExact(embed, logits));
  }

  /**
   * Korthikanti et al.'s eq. 1 as published, for comparison: s·b·h·L·(34 + 5·a·s/h) with eager
   * attention, s·b·h·L·34 with fused attention (no s x s terms stored), as the Ultra-Scale
   * Playbook computes it.
   */
  static long korthikanti(ModelSpec spec, long b, long s, AttentionImpl attn) {
    long sbh = Math.multiplyExact(Math.multiplyExact(s, b), spec.hiddenSize());
    long base = Math.multiplyExact(Math.multiplyExact(sbh, 34), spec.numLayers());
    if (attn == AttentionImpl.EAGER) {
      long extra = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(5,
          spec.numAttentionHeads()), Math.multiplyExact(s, s)), Math.multiplyExact(b,
              spec.numLayers()));
      return Math.addExact(base, extra);
    }
    return base;
  }
}
