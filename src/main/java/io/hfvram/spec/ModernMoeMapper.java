package io.hfvram.spec;

/**
 * Mixture-of-experts decoders of 2024-2026 with full attention in every layer: glm4_moe
 * (GLM-4.5/4.6: sigmoid router with a stored correction bias, one shared expert, the first
 * {@code first_k_dense_replace} layers dense), olmoe (OLMoE: q/k norms over the whole
 * projection) and granitemoe / granitemoeshared (Granite 3.x MoE: fused {@code input_linear}
 * experts, an optional shared MLP). Defaults follow Glm4MoeConfig, OlmoeConfig, GraniteMoeConfig
 * and GraniteMoeSharedConfig.
 */
final class ModernMoeMapper implements FamilyMapper {
  enum Kind {
    GLM4_MOE("Glm4MoeConfig"),
    OLMOE("OlmoeConfig"),
    GRANITEMOE("GraniteMoeConfig");

    final String configClass;

    Kind(String configClass) {
      this.configClass = configClass;
    }
  }

  private final Kind k;

  ModernMoeMapper(Kind kind) {
    this.k = kind;
  }

  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    String why = k.configClass + " default";
    SpecBuilder b = SpecBuilder.of(ctx);
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long heads = c.require(1, RawConfig.MAX_COUNT, "num_attention_heads");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long kv = c.integer(heads, why, 1, RawConfig.MAX_COUNT, "num_key_value_heads");
    if (heads % kv != 0) {
      throw c.error("num_key_value_heads", "is " + kv + ", which does not divide "
          + "num_attention_heads " + heads);
    }
    long hd = k == Kind.GLM4_MOE
        ? c.integer(128, why, 1, RawConfig.MAX_WIDTH, "head_dim")
        : c.integer(MoeMapper.divide(c, h, heads), null, 1, RawConfig.MAX_WIDTH, "head_dim");
    long experts = c.require(1, RawConfig.MAX_COUNT, "n_routed_experts", "num_local_experts",
        "num_experts");
    long topK = c.require(1, experts, "num_experts_per_tok");
    long width = k == Kind.GLM4_MOE
        ? c.require(1, RawConfig.MAX_WIDTH, "moe_intermediate_size")
        : c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
    boolean tied = c.bool(false, why, "tie_word_embeddings");
    long maxContext = c.integer(k == Kind.GLM4_MOE ? 131072 : 4096, why, 1,
        RawConfig.MAX_CONTEXT, "max_position_embeddings");
    b.dims(h, layers, heads, kv, hd, width, vocab, maxContext, tied);
    b.numExperts = experts;
    b.expertsPerToken = topK;

    b.embeddings(vocab, h, tied);
    boolean bias = c.bool(false, why, "attention_bias");
    b.attention(layers, h, heads, kv, hd, bias, bias && k != Kind.GLM4_MOE, false);
    if (k == Kind.OLMOE) {
      b.norm("q_norm", heads * hd, layers, false);
      b.norm("k_norm", kv * hd, layers, false);
    } else if (k == Kind.GLM4_MOE && c.bool(false, why, "use_qk_norm")) {
      b.norm("q_norm", hd, layers, false);
      b.norm("k_norm", hd, layers, false);
    }
    b.norm("input_layernorm", h, layers, false);
    b.norm("post_attention_layernorm", h, layers, false);
    b.norm("norm", h, 1, false);
    if (k == Kind.GLM4_MOE) {
      glm(b, c, layers, h, experts, width, why);
    } else {
      experts(b, c, layers, h, experts, width);
    }
    Layers.attentionCache(b, c, layers, kv, hd, hd, 0, 0);
    return b.build(c);
  }

  /** GLM-4.5: dense first layers, then routed experts, a shared expert and the router. */
  private static void glm(SpecBuilder b, RawConfig c, long layers, long h, long experts,
      long width, String why) throws InvalidConfigException {
    long firstDense = Math.min(layers, c.integer(1, why, 0, RawConfig.MAX_COUNT,
        "first_k_dense_replace"));
    long shared = c.integer(1, why, 0, RawConfig.MAX_COUNT, "n_shared_experts");
    long moe = layers - firstDense;
    if (firstDense > 0) {
      long dense = c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
      b.gatedMlp("", Role.MLP, firstDense, h, dense, false, false);
    }
    b.linear("gate", Role.ROUTER, h, experts, moe, false);
    b.norm("gate.e_score_correction_bias", experts, moe, false);
    long n = Math.multiplyExact(moe, experts);
    b.linear("experts.gate_proj", Role.EXPERT, h, width, n, false);
    b.linear("experts.up_proj", Role.EXPERT, h, width, n, false);
    b.linear("experts.down_proj", Role.EXPERT, width, h, n, false);
    if (shared > 0) {
      b.gatedMlp("shared_experts.", Role.SHARED_EXPERT, moe, h, shared * width, false, false);
    }
    long mtp = c.integer(0, null, 0, RawConfig.MAX_COUNT, "num_nextn_predict_layers");
    if (mtp > 0) {
      c.assume(mtp + " multi-token-prediction layer(s) in the checkpoint are not counted:"
          + " transformers does not build them");
    }
  }

  /** OLMoE's and Granite-MoE's experts and router; Granite's optional shared MLP. */
  private void experts(SpecBuilder b, RawConfig c, long layers, long h, long experts,
      long width) throws InvalidConfigException {
    long n = Math.multiplyExact(layers, experts);
    if (k == Kind.OLMOE) {
      b.linear("gate", Role.ROUTER, h, experts, layers, false);
      b.linear("experts.gate_proj", Role.EXPERT, h, width, n, false);
      b.linear("experts.up_proj", Role.EXPERT, h, width, n, false);
      b.linear("experts.down_proj", Role.EXPERT, width, h, n, false);
      return;
    }
    b.linear("router.layer", Role.ROUTER, h, experts, layers, false);
    b.linear("input_linear", Role.EXPERT, h, 2 * width, n, false);
    b.linear("output_linear", Role.EXPERT, width, h, n, false);
    long shared = c.integer(0, null, 0, RawConfig.MAX_WIDTH, "shared_intermediate_size");
    if (shared > 0) {
      b.linear("shared_mlp.input_linear", Role.SHARED_EXPERT, h, 2 * shared, layers, false);
      b.linear("shared_mlp.output_linear", Role.SHARED_EXPERT, shared, h, layers, false);
    }
  }
}
