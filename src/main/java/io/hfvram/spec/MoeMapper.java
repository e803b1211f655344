package io.hfvram.spec;

/**
 * Mixture-of-experts decoders with Llama-style attention: mixtral, qwen2_moe, qwen3_moe, phimoe and
 * gpt_oss. Each MoE layer has a router (hidden x experts) and {@code experts} gated MLPs of the
 * expert width; qwen2_moe adds a shared expert with its own gate. Dense layers (qwen's {@code
 * mlp_only_layers}, {@code decoder_sparse_step}) use {@code intermediate_size}.
 */
final class MoeMapper implements FamilyMapper {
  enum Kind {
    MIXTRAL("MixtralConfig"),
    QWEN2_MOE("Qwen2MoeConfig"),
    QWEN3_MOE("Qwen3MoeConfig"),
    PHIMOE("PhimoeConfig"),
    GPT_OSS("GptOssConfig");

    final String configClass;

    Kind(String configClass) {
      this.configClass = configClass;
    }
  }

  private final Kind k;

  MoeMapper(Kind kind) {
    this.k = kind;
  }

  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    SpecBuilder b = SpecBuilder.of(ctx);
    String why = k.configClass + " default";
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
    long headDim =
        c.find(1, RawConfig.MAX_WIDTH, "head_dim") != null
            ? c.find(1, RawConfig.MAX_WIDTH, "head_dim")
            : divide(c, h, heads);
    long experts = c.require(1, RawConfig.MAX_COUNT, "num_local_experts", "num_experts");
    long topK = c.require(1, experts, "num_experts_per_tok", "experts_per_token");
    long dense = c.integer(0, null, 1, RawConfig.MAX_WIDTH, "intermediate_size");
    long expertWidth =
        k == Kind.QWEN2_MOE || k == Kind.QWEN3_MOE
            ? c.require(1, RawConfig.MAX_WIDTH, "moe_intermediate_size")
            : c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
    boolean tied = c.bool(false, why, "tie_word_embeddings");
    long maxContext =
        c.integer(4096 * 32, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");

    b.dims(h, layers, heads, kv, headDim, expertWidth, vocab, maxContext, tied);
    b.numExperts = experts;
    b.expertsPerToken = topK;

    Bias bias = attentionBias(c, why);
    b.embeddings(vocab, h, tied);
    if (k == Kind.PHIMOE && c.bool(true, why, "lm_head_bias") && !tied) {
      b.weights.removeIf(g -> g.module().equals("lm_head"));
      b.linear("lm_head", Role.LM_HEAD, h, vocab, 1, true);
    }
    b.attention(layers, h, heads, kv, headDim, bias.qkv(), bias.o(), false);
    blockExtras(b, h, heads, headDim, layers);

    long moeLayers = moeLayers(c, layers);
    long denseLayers = layers - moeLayers;
    if (denseLayers > 0) {
      if (dense <= 0) {
        throw c.error("intermediate_size", "is missing but " + denseLayers + " layers are dense");
      }
      b.gatedMlp("", Role.MLP, denseLayers, h, dense, false, false);
    }
    experts(b, c, moeLayers, h, experts, expertWidth);
    long window = slidingWindow(c);
    long slidingLayers = window > 0 && k != Kind.GPT_OSS ? layers : 0;
    Layers.attentionCache(b, c, layers, kv, headDim, headDim, window, slidingLayers);
    return b.build(c);
  }

  /** The q/k norms (qwen3_moe), attention sinks (gpt_oss) and the norms of each block. */
  private void blockExtras(SpecBuilder b, long h, long heads, long headDim, long layers) {
    boolean layerNorm = k == Kind.PHIMOE;
    if (k == Kind.QWEN3_MOE) {
      b.norm("q_norm", headDim, layers, false);
      b.norm("k_norm", headDim, layers, false);
    }
    if (k == Kind.GPT_OSS) {
      b.add(new WeightGroup("sinks", Role.ATTENTION, 1, heads, layers, false));
    }
    b.norm("input_layernorm", h, layers, layerNorm);
    b.norm("post_attention_layernorm", h, layers, layerNorm);
    b.norm("norm", h, 1, layerNorm);
  }

  /** Whether q/k/v and o carry biases. */
  private record Bias(boolean qkv, boolean o) {}

  private Bias attentionBias(RawConfig c, String why) throws InvalidConfigException {
    switch (k) {
      case QWEN2_MOE:
        return new Bias(true, false);
      case PHIMOE:
      case GPT_OSS:
        boolean both = c.bool(true, why, "attention_bias");
        return new Bias(both, both);
      default:
        return new Bias(c.bool(false, null, "attention_bias"), false);
    }
  }

  /** The router, the experts and qwen2_moe's shared expert of the MoE layers. */
  private void experts(
      SpecBuilder b, RawConfig c, long moeLayers, long h, long experts, long expertWidth)
      throws InvalidConfigException {
    boolean routerBias = k == Kind.GPT_OSS;
    b.linear("router", Role.ROUTER, h, experts, moeLayers, routerBias);
    long instances = Math.multiplyExact(moeLayers, experts);
    if (k == Kind.GPT_OSS) {
      b.linear("experts.gate_up_proj", Role.EXPERT, h, 2 * expertWidth, instances, true);
      b.linear("experts.down_proj", Role.EXPERT, expertWidth, h, instances, true);
    } else {
      b.linear("experts.gate_proj", Role.EXPERT, h, expertWidth, instances, false);
      b.linear("experts.up_proj", Role.EXPERT, h, expertWidth, instances, false);
      b.linear("experts.down_proj", Role.EXPERT, expertWidth, h, instances, false);
    }
    if (k == Kind.QWEN2_MOE) {
      long shared = c.integer(0, null, 0, RawConfig.MAX_WIDTH, "shared_expert_intermediate_size");
      if (shared > 0) {
        b.gatedMlp("shared_expert.", Role.SHARED_EXPERT, moeLayers, h, shared, false, false);
        b.linear("shared_expert_gate", Role.ROUTER, h, 1, moeLayers, false);
      }
    }
  }

  private long slidingWindow(RawConfig c) throws InvalidConfigException {
    if (k == Kind.MIXTRAL || k == Kind.PHIMOE || k == Kind.GPT_OSS) {
      return c.integer(0, null, 1, RawConfig.MAX_CONTEXT, "sliding_window");
    }
    return c.bool(false, null, "use_sliding_window")
        ? c.integer(0, null, 1, RawConfig.MAX_CONTEXT, "sliding_window")
        : 0;
  }

  private long moeLayers(RawConfig c, long layers) throws InvalidConfigException {
    if (k != Kind.QWEN2_MOE && k != Kind.QWEN3_MOE) {
      return layers;
    }
    long step = c.integer(1, null, 1, RawConfig.MAX_COUNT, "decoder_sparse_step");
    java.util.List<?> only = c.list("mlp_only_layers");
    long n = 0;
    for (long i = 0; i < layers; i++) {
      boolean denseOnly = only != null && only.contains(i);
      if (!denseOnly && (i + 1) % step == 0) {
        n++;
      }
    }
    return n;
  }

  static long divide(RawConfig c, long h, long heads) throws InvalidConfigException {
    if (h % heads != 0) {
      throw c.error(
          "hidden_size",
          "is "
              + h
              + ", not a multiple of num_attention_heads "
              + heads
              + ", and no 'head_dim' is given");
    }
    return h / heads;
  }
}
