package io.hfvram.spec;

import java.util.List;

/**
 * Hybrids of 2025 whose layers mix attention with a recurrent or convolutional mixer:
 * granitemoehybrid (Granite 4.0: Mamba-2 or attention per layer from {@code layer_types}, then MoE
 * experts and a shared MLP in every layer) and lfm2 (LFM2: gated short-convolution layers and
 * attention layers with q/k norms, a gated MLP in every layer) and falcon_h1 (Falcon-H1: attention
 * and a Mamba-2 mixer side by side in every layer, then a gated MLP). Attention layers cache K/V
 * per token; Mamba and convolution layers keep a constant state per sequence. Defaults follow
 * GraniteMoeHybridConfig, Lfm2Config and FalconH1Config.
 */
final class HybridMapper implements FamilyMapper {
  enum Kind {
    GRANITE4,
    LFM2,
    FALCON_H1
  }

  private final Kind k;

  HybridMapper(Kind kind) {
    this.k = kind;
  }

  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    SpecBuilder b = SpecBuilder.of(ctx);
    switch (k) {
      case GRANITE4:
        return granite4(c, b);
      case LFM2:
        return lfm2(c, b);
      default:
        return falconH1(c, b);
    }
  }

  /** The layers whose type contains "attention"; the others are the recurrent kind. */
  static long attentionLayers(RawConfig c, long layers, String... keys)
      throws InvalidConfigException {
    for (String key : keys) {
      List<?> types = c.list(key);
      if (types == null) {
        continue;
      }
      if (types.size() != layers) {
        throw c.error(key, "lists " + types.size() + " layers but the model has " + layers);
      }
      long n = 0;
      for (Object t : types) {
        if (!(t instanceof String)) {
          throw c.error(key, "must list strings");
        }
        if (((String) t).contains("attention")) {
          n++;
        }
      }
      return n;
    }
    return -1;
  }

  private static void attentionDims(
      SpecBuilder b,
      long h,
      long layers,
      long heads,
      long kv,
      long hd,
      long ffn,
      long vocab,
      long maxContext,
      boolean tied) {
    b.dims(h, layers, heads, kv, hd, ffn, vocab, maxContext, tied);
  }

  private ModelSpec granite4(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    String why = "GraniteMoeHybridConfig default";
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long heads = c.require(1, RawConfig.MAX_COUNT, "num_attention_heads");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long kv = c.integer(heads, why, 1, RawConfig.MAX_COUNT, "num_key_value_heads");
    long hd = MoeMapper.divide(c, h, heads);
    long attn = attentionLayers(c, layers, "layer_types", "layers_block_type");
    if (attn < 0) {
      c.assume("'layer_types' absent: every layer is attention (GraniteMoeHybridConfig default)");
      attn = layers;
    }
    long experts = c.integer(0, why, 0, RawConfig.MAX_COUNT, "num_local_experts");
    long topK = experts > 0 ? c.require(1, experts, "num_experts_per_tok") : 0;
    long width = c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
    long shared = c.integer(0, why, 0, RawConfig.MAX_WIDTH, "shared_intermediate_size");
    boolean tied = c.bool(false, why, "tie_word_embeddings");
    attentionDims(
        b,
        h,
        layers,
        heads,
        kv,
        hd,
        width,
        vocab,
        c.integer(2048, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings"),
        tied);
    b.numExperts = experts;
    b.expertsPerToken = topK;
    b.embeddings(vocab, h, tied);
    b.norm("input_layernorm", h, layers, false);
    b.norm("post_attention_layernorm", h, layers, false);
    b.norm("norm", h, 1, false);
    boolean bias = c.bool(false, why, "attention_bias");
    b.attention(attn, h, heads, kv, hd, bias, bias, false);
    long mambaLayers = layers - attn;
    long stateElems = mambaLayers > 0 ? mamba2Layers(b, c, mambaLayers, h, why) : 0;
    if (experts > 0) {
      b.linear("router.layer", Role.ROUTER, h, experts, layers, false);
      long n = Math.multiplyExact(layers, experts);
      b.linear("input_linear", Role.EXPERT, h, 2 * width, n, false);
      b.linear("output_linear", Role.EXPERT, width, h, n, false);
    }
    if (shared > 0) {
      b.linear("shared_mlp.input_linear", Role.SHARED_EXPERT, h, 2 * shared, layers, false);
      b.linear("shared_mlp.output_linear", Role.SHARED_EXPERT, shared, h, layers, false);
    }
    b.cache(CacheGroup.attention(attn, kv, hd, hd));
    b.cache(new CacheGroup(CacheKind.STATE, mambaLayers, 0, 0, 0, 0, stateElems));
    return b.build(c);
  }

  private ModelSpec lfm2(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    String why = "Lfm2Config default";
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long heads = c.require(1, RawConfig.MAX_COUNT, "num_attention_heads");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long kv = c.integer(heads, why, 1, RawConfig.MAX_COUNT, "num_key_value_heads");
    long hd = MoeMapper.divide(c, h, heads);
    long attn = attentionLayers(c, layers, "layer_types");
    if (attn < 0) {
      List<?> idx = c.list("full_attn_idxs");
      if (idx == null) {
        throw c.error(
            "layer_types",
            "is missing, and so is 'full_attn_idxs': hf-vram needs to"
                + " know which layers are attention");
      }
      attn = idx.size();
    }
    long ffn = lfm2Ffn(c, why);
    boolean tied = c.bool(true, why, "tie_word_embeddings", "tie_embedding");
    long cache = c.integer(3, why, 1, 1024, "conv_L_cache");
    boolean convBias = c.bool(false, why, "conv_bias");
    attentionDims(
        b,
        h,
        layers,
        heads,
        kv,
        hd,
        ffn,
        vocab,
        c.integer(128000, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings"),
        tied);
    b.embeddings(vocab, h, tied);
    b.norm("operator_norm", h, layers, false);
    b.norm("ffn_norm", h, layers, false);
    b.norm("embedding_norm", h, 1, false);
    b.gatedMlp("feed_forward.", Role.MLP, layers, h, ffn, false, false);
    b.attention(attn, h, heads, kv, hd, false, false, false);
    b.norm("q_layernorm", hd, attn, false);
    b.norm("k_layernorm", hd, attn, false);
    long conv = layers - attn;
    b.linear("conv.in_proj", Role.SSM, h, 3 * h, conv, convBias);
    b.add(new WeightGroup("conv.conv", Role.SSM, cache, h, conv, convBias));
    b.linear("conv.out_proj", Role.SSM, h, h, conv, convBias);
    b.cache(CacheGroup.attention(attn, kv, hd, hd));
    b.cache(new CacheGroup(CacheKind.STATE, conv, 0, 0, 0, 0, h * (cache - 1)));
    return b.build(c);
  }

  private ModelSpec falconH1(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    String why = "FalconH1Config default";
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long heads = c.require(1, RawConfig.MAX_COUNT, "num_attention_heads");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long kv = c.integer(heads, why, 1, RawConfig.MAX_COUNT, "num_key_value_heads");
    long hd = Conventions.headDim(c, h, heads, 0, "");
    long ffn = c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
    boolean tied = c.bool(false, why, "tie_word_embeddings");
    attentionDims(
        b,
        h,
        layers,
        heads,
        kv,
        hd,
        ffn,
        vocab,
        c.integer(8192, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings"),
        tied);
    b.embeddings(vocab, h, tied);
    b.norm("input_layernorm", h, layers, false);
    b.norm("pre_ff_layernorm", h, layers, false);
    b.norm("final_layernorm", h, 1, false);
    boolean bias = c.bool(false, why, "attention_bias");
    b.attention(layers, h, heads, kv, hd, bias, bias, false);
    b.gatedMlp("feed_forward.", Role.MLP, layers, h, ffn, c.bool(false, why, "mlp_bias"), false);
    long stateElems = mamba2Layers(b, c, layers, h, why);
    if (!c.bool(false, why, "mamba_rms_norm")) {
      b.weights.removeIf(g -> g.module().equals("mixer.norm"));
    }
    b.cache(CacheGroup.attention(layers, kv, hd, hd));
    b.cache(new CacheGroup(CacheKind.STATE, layers, 0, 0, 0, 0, stateElems));
    return b.build(c);
  }

  /**
   * The Mamba-2 mixers of {@code layers} layers from the {@code mamba_*} keys Granite 4 and
   * Falcon-H1 share: width {@code mamba_d_ssm} (else {@code mamba_expand x h}) in {@code
   * mamba_n_heads} heads; returns the state elements per layer.
   */
  private static long mamba2Layers(SpecBuilder b, RawConfig c, long layers, long h, String why)
      throws InvalidConfigException {
    long heads = c.require(1, RawConfig.MAX_COUNT, "mamba_n_heads");
    long expand = c.integer(2, why, 1, 64, "mamba_expand");
    long inner = c.integer(expand * h, why, 1, RawConfig.MAX_WIDTH, "mamba_d_ssm");
    long headDim = c.integer(inner / heads, why, 1, RawConfig.MAX_WIDTH, "mamba_d_head");
    if (heads * headDim != inner) {
      throw c.error(
          "mamba_d_head",
          "is "
              + headDim
              + ", but mamba_n_heads x mamba_d_head must"
              + " be the mixer width "
              + inner);
    }
    long state = c.integer(256, why, 1, RawConfig.MAX_WIDTH, "mamba_d_state");
    long groups = c.integer(1, why, 1, RawConfig.MAX_COUNT, "mamba_n_groups");
    long conv = c.integer(4, why, 1, 1024, "mamba_d_conv");
    return SsmMapper.mamba2(
        b,
        layers,
        h,
        heads,
        headDim,
        state,
        groups,
        conv,
        c.bool(true, why, "mamba_conv_bias"),
        c.bool(false, why, "mamba_proj_bias"));
  }

  /**
   * LFM2's MLP width: {@code intermediate_size} (alias {@code block_ff_dim}), times 2/3 when {@code
   * block_auto_adjust_ff_dim}, then (unless the multiplier is null) times {@code
   * block_ffn_dim_multiplier} and rounded up to a multiple of {@code block_multiple_of}.
   */
  private static long lfm2Ffn(RawConfig c, String why) throws InvalidConfigException {
    long ffn = c.require(1, RawConfig.MAX_WIDTH, "intermediate_size", "block_ff_dim");
    if (!c.bool(true, why, "block_auto_adjust_ff_dim")) {
      return ffn;
    }
    ffn = 2 * ffn / 3;
    if (c.raw().containsKey("block_ffn_dim_multiplier") && !c.has("block_ffn_dim_multiplier")) {
      return ffn;
    }
    ffn = (long) (c.real(1.0, 0.0, 64.0, "block_ffn_dim_multiplier") * ffn);
    long multiple = c.integer(256, why, 1, RawConfig.MAX_WIDTH, "block_multiple_of");
    return multiple * ((ffn + multiple - 1) / multiple);
  }
}
