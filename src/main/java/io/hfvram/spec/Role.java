package io.hfvram.spec;

/** What a group of weights does; decides quantization, LoRA targeting and MoE activity. */
public enum Role {
  /** Token (and position) embeddings: never quantized by weight-only schemes. */
  EMBEDDING,
  /** Attention projections (q, k, v, o and fused forms). */
  ATTENTION,
  /** Dense feed-forward projections. */
  MLP,
  /** Routed expert projections: only top-k of them are active per token. */
  EXPERT,
  /** Shared (always active) expert projections. */
  SHARED_EXPERT,
  /** MoE router/gate. */
  ROUTER,
  /** Normalisation weights and biases. */
  NORM,
  /** Output projection to the vocabulary. */
  LM_HEAD,
  /** State-space (Mamba) mixer weights. */
  SSM,
  /** Vision or audio tower of a multimodal model, and its projector. */
  VISION,
  /** Anything else. */
  OTHER;

  /** True for the linear layers that weight-only quantization (GPTQ, AWQ, bnb) converts. */
  public boolean quantizable() {
    return this == ATTENTION
        || this == MLP
        || this == EXPERT
        || this == SHARED_EXPERT
        || this == SSM;
  }
}
