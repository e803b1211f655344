package io.hfvram.spec;

/**
 * State-space models and hybrids: mamba, falcon_mamba (Mamba-1 mixers), mamba2, nemotron_h (Mamba-2
 * / attention / MLP layers from {@code hybrid_override_pattern}), jamba (Mamba-1 with periodic
 * attention and MoE) and zamba/zamba2 (Mamba layers with shared attention blocks). Mamba layers
 * keep a constant state per sequence instead of a KV cache: the convolution window ({@code
 * conv_kernel - 1} columns of the conv input, as vLLM allocates it) plus the SSM state.
 */
final class SsmMapper implements FamilyMapper {
  enum Kind {
    MAMBA,
    MAMBA2,
    NEMOTRON_H,
    JAMBA,
    ZAMBA,
    ZAMBA2
  }

  private final Kind k;

  SsmMapper(Kind kind) {
    this.k = kind;
  }

  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    SpecBuilder b = SpecBuilder.of(ctx);
    switch (k) {
      case MAMBA:
        return mamba(c, b);
      case MAMBA2:
        return mamba2(c, b);
      case NEMOTRON_H:
        return nemotronH(c, b);
      case JAMBA:
        return jamba(c, b);
      default:
        return zamba(c, b);
    }
  }

  static void common(
      SpecBuilder b, long h, long layers, long vocab, long maxContext, boolean tied) {
    b.hiddenSize = h;
    b.numLayers = layers;
    b.vocabSize = vocab;
    b.maxContext = maxContext;
    b.tiedEmbeddings = tied;
  }

  /** A Mamba-1 mixer in {@code layers} layers; returns state elements per layer. */
  static long mamba1(
      SpecBuilder b,
      long layers,
      long h,
      long inner,
      long state,
      long conv,
      long dtRank,
      boolean convBias,
      boolean projBias,
      boolean jambaNorms) {
    b.linear("in_proj", Role.SSM, h, 2 * inner, layers, projBias);
    b.add(new WeightGroup("conv1d", Role.SSM, conv, inner, layers, convBias));
    b.linear("x_proj", Role.SSM, inner, dtRank + 2 * state, layers, false);
    b.linear("dt_proj", Role.SSM, dtRank, inner, layers, true);
    b.add(new WeightGroup("A_log", Role.SSM, state, inner, layers, false));
    b.norm("D", inner, layers, false);
    b.linear("out_proj", Role.SSM, inner, h, layers, projBias);
    if (jambaNorms) {
      b.norm("dt_layernorm", dtRank, layers, false);
      b.norm("b_layernorm", state, layers, false);
      b.norm("c_layernorm", state, layers, false);
    }
    return inner * (conv - 1) + inner * state;
  }

  /** A Mamba-2 mixer in {@code layers} layers; returns state elements per layer. */
  static long mamba2(
      SpecBuilder b,
      long layers,
      long h,
      long heads,
      long headDim,
      long state,
      long groups,
      long conv,
      boolean convBias,
      boolean projBias) {
    long inner = heads * headDim;
    long convDim = inner + 2 * groups * state;
    b.linear("in_proj", Role.SSM, h, inner + convDim + heads, layers, projBias);
    b.add(new WeightGroup("conv1d", Role.SSM, conv, convDim, layers, convBias));
    b.norm("dt_bias", heads, layers, false);
    b.norm("A_log", heads, layers, false);
    b.norm("D", heads, layers, false);
    b.norm("mixer.norm", inner, layers, false);
    b.linear("out_proj", Role.SSM, inner, h, layers, projBias);
    return convDim * (conv - 1) + heads * headDim * state;
  }

  static long dtRank(RawConfig c, long h, String... keys) throws InvalidConfigException {
    for (String key : keys) {
      Object v = c.raw().get(key);
      if (v == null || "auto".equals(v)) {
        continue;
      }
      return c.require(1, RawConfig.MAX_WIDTH, key);
    }
    return (h + 15) / 16;
  }

  private ModelSpec mamba(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size", "d_model");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers", "n_layer");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long state = c.integer(16, "MambaConfig default", 1, RawConfig.MAX_WIDTH, "state_size");
    long expand = c.integer(2, "MambaConfig default", 1, 64, "expand");
    long conv = c.integer(4, "MambaConfig default", 1, 1024, "conv_kernel");
    long inner = c.integer(expand * h, null, 1, RawConfig.MAX_WIDTH, "intermediate_size");
    long r = dtRank(c, h, "time_step_rank");
    boolean tied = c.bool(true, "MambaConfig default", "tie_word_embeddings");
    common(
        b,
        h,
        layers,
        vocab,
        c.integer(1L << 20, null, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings"),
        tied);
    c.assume("state-space model: no KV cache; each sequence keeps a constant recurrent state");
    b.intermediateSize = inner;
    b.embeddings(vocab, h, tied);
    long stateElems =
        mamba1(
            b,
            layers,
            h,
            inner,
            state,
            conv,
            r,
            c.bool(true, null, "use_conv_bias"),
            c.bool(false, null, "use_bias"),
            false);
    b.norm("norm", h, layers, false);
    b.norm("norm_f", h, 1, false);
    b.cache(new CacheGroup(CacheKind.STATE, layers, 0, 0, 0, 0, stateElems));
    return b.build(c);
  }

  private ModelSpec mamba2(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long heads = c.require(1, RawConfig.MAX_COUNT, "num_heads");
    long headDim = c.integer(64, "Mamba2Config default", 1, RawConfig.MAX_WIDTH, "head_dim");
    long state = c.integer(128, "Mamba2Config default", 1, RawConfig.MAX_WIDTH, "state_size");
    long groups = c.integer(8, "Mamba2Config default", 1, RawConfig.MAX_COUNT, "n_groups");
    long conv = c.integer(4, "Mamba2Config default", 1, 1024, "conv_kernel");
    boolean tied = c.bool(false, "Mamba2Config default", "tie_word_embeddings");
    common(
        b,
        h,
        layers,
        vocab,
        c.integer(1L << 20, null, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings"),
        tied);
    c.assume("state-space model: no KV cache; each sequence keeps a constant recurrent state");
    b.intermediateSize = heads * headDim;
    b.embeddings(vocab, h, tied);
    long stateElems =
        mamba2(
            b,
            layers,
            h,
            heads,
            headDim,
            state,
            groups,
            conv,
            c.bool(true, null, "use_conv_bias"),
            c.bool(false, null, "use_bias"));
    b.norm("norm", h, layers, false);
    b.norm("norm_f", h, 1, false);
    b.cache(new CacheGroup(CacheKind.STATE, layers, 0, 0, 0, 0, stateElems));
    return b.build(c);
  }

  private ModelSpec nemotronH(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    String pattern = c.string(null, "hybrid_override_pattern");
    if (pattern == null || pattern.length() != layers) {
      throw c.error(
          "hybrid_override_pattern",
          "must give one character (M, * or -) per layer (" + layers + ")");
    }
    long mambaLayers = count(pattern, 'M');
    long attnLayers = count(pattern, '*');
    long mlpLayers = count(pattern, '-');
    long moeLayers = count(pattern, 'E');
    if (mambaLayers + attnLayers + mlpLayers + moeLayers != layers) {
      throw c.error("hybrid_override_pattern", "has characters other than M, *, - and E");
    }
    long heads = c.require(1, RawConfig.MAX_COUNT, "num_attention_heads");
    long kv =
        c.integer(heads, "NemotronHConfig default", 1, RawConfig.MAX_COUNT, "num_key_value_heads");
    long hd = c.integer(h / heads, null, 1, RawConfig.MAX_WIDTH, "attention_head_dim", "head_dim");
    long f = c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
    long mHeads = c.require(1, RawConfig.MAX_COUNT, "mamba_num_heads");
    long mHeadDim = c.require(1, RawConfig.MAX_WIDTH, "mamba_head_dim");
    long state = c.require(1, RawConfig.MAX_WIDTH, "ssm_state_size");
    long groups = c.integer(8, "NemotronHConfig default", 1, RawConfig.MAX_COUNT, "n_groups");
    long conv = c.integer(4, "NemotronHConfig default", 1, 1024, "conv_kernel");
    boolean tied = c.bool(false, "NemotronHConfig default", "tie_word_embeddings");
    long ctxLen =
        c.integer(
            4096, "NemotronHConfig default", 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    common(b, h, layers, vocab, ctxLen, tied);
    b.numAttentionHeads = heads;
    b.numKeyValueHeads = kv;
    b.headDim = hd;
    b.intermediateSize = f;
    b.embeddings(vocab, h, tied);
    b.norm("norm", h, layers, false);
    b.norm("norm_f", h, 1, false);
    boolean convBias = c.bool(true, null, "use_conv_bias");
    boolean projBias = c.bool(false, null, "mamba_proj_bias");
    long stateElems =
        mamba2(b, mambaLayers, h, mHeads, mHeadDim, state, groups, conv, convBias, projBias);
    boolean attnBias = c.bool(false, null, "attention_bias");
    b.attention(attnLayers, h, heads, kv, hd, attnBias, attnBias, false);
    boolean mlpBias = c.bool(false, null, "mlp_bias");
    b.linear("up_proj", Role.MLP, h, f, mlpLayers, mlpBias);
    b.linear("down_proj", Role.MLP, f, h, mlpLayers, mlpBias);
    NemotronMoe.layers(b, c, moeLayers, h, mlpBias);
    b.cache(CacheGroup.attention(attnLayers, kv, hd, hd));
    b.cache(new CacheGroup(CacheKind.STATE, mambaLayers, 0, 0, 0, 0, stateElems));
    return b.build(c);
  }

  private ModelSpec jamba(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    String why = "JambaConfig default";
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long heads = c.require(1, RawConfig.MAX_COUNT, "num_attention_heads");
    long kv = c.integer(heads, why, 1, RawConfig.MAX_COUNT, "num_key_value_heads");
    long f = c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
    long experts = c.integer(16, why, 1, RawConfig.MAX_COUNT, "num_experts");
    long topK = c.integer(2, why, 1, experts, "num_experts_per_tok");
    long ePeriod = c.integer(2, why, 1, RawConfig.MAX_COUNT, "expert_layer_period");
    long eOffset = c.integer(1, why, 0, RawConfig.MAX_COUNT, "expert_layer_offset");
    long aPeriod = c.integer(8, why, 1, RawConfig.MAX_COUNT, "attn_layer_period");
    long aOffset = c.integer(4, why, 0, RawConfig.MAX_COUNT, "attn_layer_offset");
    long state = c.integer(16, why, 1, RawConfig.MAX_WIDTH, "mamba_d_state");
    long conv = c.integer(4, why, 1, 1024, "mamba_d_conv");
    long expand = c.integer(2, why, 1, 64, "mamba_expand");
    long r = dtRank(c, h, "mamba_dt_rank");
    boolean tied = c.bool(false, why, "tie_word_embeddings");
    long hd = MoeMapper.divide(c, h, heads);
    long attn = every(layers, aPeriod, aOffset);
    long moe = every(layers, ePeriod, eOffset);
    long mambaLayers = layers - attn;
    long ctxLen = c.integer(262144, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    common(b, h, layers, vocab, ctxLen, tied);
    b.numAttentionHeads = heads;
    b.numKeyValueHeads = kv;
    b.headDim = hd;
    b.intermediateSize = f;
    b.numExperts = experts;
    b.expertsPerToken = topK;
    b.embeddings(vocab, h, tied);
    b.norm("input_layernorm", h, layers, false);
    b.norm("pre_ff_layernorm", h, layers, false);
    b.norm("final_layernorm", h, 1, false);
    b.attention(attn, h, heads, kv, hd, false, false, false);
    boolean convBias = c.bool(true, null, "mamba_conv_bias");
    boolean projBias = c.bool(false, null, "mamba_proj_bias");
    long stateElems =
        mamba1(b, mambaLayers, h, expand * h, state, conv, r, convBias, projBias, true);
    b.gatedMlp("", Role.MLP, layers - moe, h, f, false, false);
    b.linear("router", Role.ROUTER, h, experts, moe, false);
    long n = Math.multiplyExact(moe, experts);
    b.linear("experts.gate_proj", Role.EXPERT, h, f, n, false);
    b.linear("experts.up_proj", Role.EXPERT, h, f, n, false);
    b.linear("experts.down_proj", Role.EXPERT, f, h, n, false);
    b.cache(CacheGroup.attention(attn, kv, hd, hd));
    b.cache(new CacheGroup(CacheKind.STATE, mambaLayers, 0, 0, 0, 0, stateElems));
    return b.build(c);
  }

  private ModelSpec zamba(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    return ZambaMapper.map(c, b, k == Kind.ZAMBA2);
  }

  /** Layers i in [0, layers) with i % period == offset. */
  static long every(long layers, long period, long offset) {
    long n = 0;
    for (long i = 0; i < layers; i++) {
      if (i % period == offset) {
        n++;
      }
    }
    return n;
  }

  private static long count(String s, char ch) {
    return s.chars().filter(x -> x == ch).count();
  }
}
