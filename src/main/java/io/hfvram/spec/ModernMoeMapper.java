package io.hfvram.spec;

import java.util.List;

/**
 * Mixture-of-experts decoders of 2024-2026 with full attention in every layer: glm4_moe
 * (GLM-4.5/4.6: sigmoid router with a stored correction bias, one shared expert, the first {@code
 * first_k_dense_replace} layers dense), olmoe (OLMoE: q/k norms over the whole projection) and
 * granitemoe / granitemoeshared (Granite 3.x MoE: fused {@code input_linear} experts, an optional
 * shared MLP), minimax_m2 (MiniMax-M2: q/k norms over the whole projection, sigmoid router with a
 * correction bias) and minimax (MiniMax-Text-01/M1: lightning linear attention in the layers {@code
 * attn_type_list} marks 0, softmax attention in the others; a linear layer keeps a heads x head_dim
 * x head_dim state per sequence instead of a KV cache). Defaults follow Glm4MoeConfig, OlmoeConfig,
 * GraniteMoeConfig, GraniteMoeSharedConfig, MiniMaxM2Config, MiniMaxConfig and Ernie4_5_MoeConfig
 * (ernie4_5_moe: dense first layers, shared experts, a stored correction bias, like glm4_moe).
 * GLM-4.5's stored multi-token-prediction layers are counted under {@link ModelSpec#MTP_PREFIX}.
 */
final class ModernMoeMapper implements FamilyMapper {
  enum Kind {
    GLM4_MOE("Glm4MoeConfig"),
    OLMOE("OlmoeConfig"),
    GRANITEMOE("GraniteMoeConfig"),
    MINIMAX_M2("MiniMaxM2Config"),
    MINIMAX("MiniMaxConfig"),
    ERNIE4_5_MOE("Ernie4_5_MoeConfig");

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
      throw c.error(
          "num_key_value_heads",
          "is " + kv + ", which does not divide " + "num_attention_heads " + heads);
    }
    long hd =
        k == Kind.GLM4_MOE || k == Kind.MINIMAX_M2
            ? c.integer(128, why, 1, RawConfig.MAX_WIDTH, "head_dim")
            : Conventions.headDim(c, h, heads, 0, why);
    long experts =
        c.require(
            1,
            RawConfig.MAX_COUNT,
            "n_routed_experts",
            "num_local_experts",
            "num_experts",
            "moe_num_experts");
    long topK = c.require(1, experts, "num_experts_per_tok", "moe_k");
    long width =
        k == Kind.GLM4_MOE || k == Kind.ERNIE4_5_MOE
            ? c.require(1, RawConfig.MAX_WIDTH, "moe_intermediate_size")
            : c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
    boolean tied = c.bool(k == Kind.ERNIE4_5_MOE, why, "tie_word_embeddings");
    long maxContext =
        c.integer(
            k == Kind.GLM4_MOE ? 131072 : 4096,
            why,
            1,
            RawConfig.MAX_CONTEXT,
            "max_position_embeddings");
    b.dims(h, layers, heads, kv, hd, width, vocab, maxContext, tied);
    b.numExperts = experts;
    b.expertsPerToken = topK;

    b.embeddings(vocab, h, tied);
    long linear = attention(b, c, layers, h, heads, kv, hd, why);
    b.norm("input_layernorm", h, layers, false);
    b.norm("post_attention_layernorm", h, layers, false);
    b.norm("norm", h, 1, false);
    if (k == Kind.GLM4_MOE || k == Kind.ERNIE4_5_MOE) {
      sharedExpertMoe(b, c, layers, h, experts, width, why);
      if (k == Kind.GLM4_MOE) {
        glmMtp(b, c, vocab, new long[] {h, heads, kv, hd}, experts, width, why);
      }
    } else {
      experts(b, c, layers, h, experts, width, why);
    }
    b.cache(CacheGroup.attention(layers - linear, kv, hd, hd));
    b.cache(new CacheGroup(CacheKind.STATE, linear, 0, 0, 0, 0, heads * hd * hd));
    return b.build(c);
  }

  /** Softmax attention, MiniMax's lightning layers and q/k norms; returns the linear layers. */
  private long attention(
      SpecBuilder b, RawConfig c, long layers, long h, long heads, long kv, long hd, String why)
      throws InvalidConfigException {
    boolean bias = c.bool(false, why, k == Kind.ERNIE4_5_MOE ? "use_bias" : "attention_bias");
    long linear = k == Kind.MINIMAX ? linearLayers(c, layers) : 0;
    b.attention(layers - linear, h, heads, kv, hd, bias, bias && k != Kind.GLM4_MOE, false);
    if (linear > 0) {
      long inner = heads * hd;
      b.linear("qkv_proj", Role.ATTENTION, h, 3 * inner, linear, false);
      b.linear("output_gate", Role.ATTENTION, h, inner, linear, false);
      b.linear("out_proj", Role.ATTENTION, inner, h, linear, false);
      b.norm("linear_attn.norm", inner, linear, false);
    }
    if (k == Kind.OLMOE || k == Kind.MINIMAX_M2 && c.bool(true, why, "use_qk_norm")) {
      b.norm("q_norm", heads * hd, layers, false);
      b.norm("k_norm", kv * hd, layers, false);
    } else if (k == Kind.GLM4_MOE && c.bool(false, why, "use_qk_norm")) {
      b.norm("q_norm", hd, layers, false);
      b.norm("k_norm", hd, layers, false);
    }
    return linear;
  }

  /**
   * GLM-4.5 and ERNIE 4.5: dense first layers, then routed experts, shared experts (one MLP of
   * {@code shared x width}) and the router with its stored correction bias.
   */
  private void sharedExpertMoe(
      SpecBuilder b, RawConfig c, long layers, long h, long experts, long width, String why)
      throws InvalidConfigException {
    long moe =
        k == Kind.GLM4_MOE
            ? layers
                - Math.min(
                    layers, c.integer(1, why, 0, RawConfig.MAX_COUNT, "first_k_dense_replace"))
            : ernieMoeLayers(c, layers, why);
    long shared =
        c.integer(
            k == Kind.GLM4_MOE ? 1 : 0,
            why,
            0,
            RawConfig.MAX_COUNT,
            "n_shared_experts",
            "moe_num_shared_experts");
    if (moe < layers) {
      long dense = c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
      b.gatedMlp("", Role.MLP, layers - moe, h, dense, false, false);
    }
    b.linear("gate", Role.ROUTER, h, experts, moe, false);
    b.norm(
        k == Kind.GLM4_MOE ? "gate.e_score_correction_bias" : "moe_statics.e_score_correction_bias",
        experts,
        moe,
        false);
    long n = Math.multiplyExact(moe, experts);
    b.linear("experts.gate_proj", Role.EXPERT, h, width, n, false);
    b.linear("experts.up_proj", Role.EXPERT, h, width, n, false);
    b.linear("experts.down_proj", Role.EXPERT, width, h, n, false);
    if (shared > 0) {
      b.gatedMlp("shared_experts.", Role.SHARED_EXPERT, moe, h, shared * width, false, false);
    }
    long mtp = c.integer(0, null, 0, RawConfig.MAX_COUNT, "num_nextn_predict_layers");
    if (mtp > 0 && k == Kind.ERNIE4_5_MOE) {
      c.assume(
          mtp
              + " multi-token-prediction layer(s) in the checkpoint are not counted:"
              + " transformers does not build them");
    }
  }

  /**
   * GLM-4.5's multi-token-prediction layers, stored after the main layers: each a full MoE decoder
   * layer (attention, router, routed and shared experts, two norms) plus enorm, hnorm, eh_proj (2 x
   * hidden to hidden), its own embedding and head (shared_head) and shared_head.norm. Counted under
   * {@link ModelSpec#MTP_PREFIX}, so that {@link ModelSpec#withoutMtp} serves without them.
   */
  private static void glmMtp(
      SpecBuilder b, RawConfig c, long vocab, long[] attn, long experts, long width, String why)
      throws InvalidConfigException {
    long mtp = c.integer(0, null, 0, RawConfig.MAX_COUNT, "num_nextn_predict_layers");
    if (mtp == 0) {
      return;
    }
    c.assume(
        mtp
            + " multi-token-prediction layer(s) stored after the main layers: counted in the"
            + " parameters under 'mtp.'; served only with speculative decoding");
    long h = attn[0];
    long q = attn[1] * attn[3];
    long kv = attn[2] * attn[3];
    boolean bias = c.bool(false, why, "attention_bias");
    String p = ModelSpec.MTP_PREFIX;
    b.linear(p + "q_proj", Role.ATTENTION, h, q, mtp, bias);
    b.linear(p + "k_proj", Role.ATTENTION, h, kv, mtp, bias);
    b.linear(p + "v_proj", Role.ATTENTION, h, kv, mtp, bias);
    b.linear(p + "o_proj", Role.ATTENTION, q, h, mtp, false);
    if (c.bool(false, why, "use_qk_norm")) {
      b.norm(p + "q_norm", attn[3], mtp, false);
      b.norm(p + "k_norm", attn[3], mtp, false);
    }
    b.norm(p + "layer_norms", h, 5 * mtp, false);
    b.linear(p + "eh_proj", Role.OTHER, 2 * h, h, mtp, false);
    b.linear(p + "embed_tokens", Role.EMBEDDING, vocab, h, mtp, false);
    b.linear(p + "shared_head.head", Role.LM_HEAD, h, vocab, mtp, false);
    b.linear(p + "gate", Role.ROUTER, h, experts, mtp, false);
    b.norm(p + "gate.e_score_correction_bias", experts, mtp, false);
    b.gatedMlp(
        p + "experts.", Role.EXPERT, Math.multiplyExact(mtp, experts), h, width, false, false);
    long shared = c.integer(1, why, 0, RawConfig.MAX_COUNT, "n_shared_experts");
    if (shared > 0) {
      b.gatedMlp(p + "shared_experts.", Role.SHARED_EXPERT, mtp, h, shared * width, false, false);
    }
  }

  /**
   * ERNIE 4.5's MoE layers: from {@code moe_layer_start_index} to {@code moe_layer_end_index} (null
   * or -1: the last), every {@code moe_layer_interval}-th.
   */
  private static long ernieMoeLayers(RawConfig c, long layers, String why)
      throws InvalidConfigException {
    long start = c.integer(0, why, 0, RawConfig.MAX_COUNT, "moe_layer_start_index");
    Object endValue = c.raw().get("moe_layer_end_index");
    long end =
        endValue instanceof Number && ((Number) endValue).longValue() >= 0
            ? c.require(0, RawConfig.MAX_COUNT, "moe_layer_end_index")
            : layers - 1;
    long interval = c.integer(1, why, 1, RawConfig.MAX_COUNT, "moe_layer_interval");
    long n = 0;
    for (long i = 0; i < layers; i++) {
      if ((i + 1) % interval == 0 && i >= start && i <= end) {
        n++;
      }
    }
    return n;
  }

  /** MiniMax-Text-01's linear-attention layers: those {@code attn_type_list} marks 0. */
  private static long linearLayers(RawConfig c, long layers) throws InvalidConfigException {
    List<?> types = c.list("attn_type_list");
    if (types == null) {
      long attention = HybridMapper.attentionLayers(c, layers, "layer_types");
      if (attention < 0) {
        throw c.error(
            "attn_type_list",
            "is missing, and so is 'layer_types': hf-vram needs to"
                + " know which layers use linear attention");
      }
      return layers - attention;
    }
    if (types.size() != layers) {
      throw c.error(
          "attn_type_list", "lists " + types.size() + " layers but the model has " + layers);
    }
    return types.stream().filter(t -> t instanceof Number && ((Number) t).longValue() == 0).count();
  }

  /** The experts and router of the other kinds; Granite's optional shared MLP. */
  private void experts(
      SpecBuilder b, RawConfig c, long layers, long h, long experts, long width, String why)
      throws InvalidConfigException {
    long n = Math.multiplyExact(layers, experts);
    if (k != Kind.GRANITEMOE) {
      b.linear("gate", Role.ROUTER, h, experts, layers, false);
      if (k == Kind.MINIMAX_M2
          && c.integer(0, null, 0, RawConfig.MAX_COUNT, "num_mtp_modules") > 0) {
        c.assume(
            "minimax_m2: the multi-token-prediction modules are not counted: transformers"
                + " does not build them");
      }
      if (k == Kind.MINIMAX_M2 && c.bool(true, why, "use_routing_bias")) {
        b.norm("gate.e_score_correction_bias", experts, layers, false);
      }
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
