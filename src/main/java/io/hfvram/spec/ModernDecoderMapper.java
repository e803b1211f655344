package io.hfvram.spec;

import java.util.List;

/**
 * Dense decoders of 2024-2026 that differ from Llama in where the norms sit, how queries and keys
 * are normed, which projections carry biases and which layers slide: smollm3, granite, olmo2,
 * olmo3, glm4, cohere, cohere2, starcoder2, exaone4, ernie4_5 and hunyuan_v1_dense. Class defaults
 * for absent keys follow each family's transformers configuration class (read at transformers main,
 * 2025-2026; docs/formulas.md).
 */
final class ModernDecoderMapper implements FamilyMapper {

  /** Where each block's norms sit. */
  enum Norms {
    /** input_layernorm and post_attention_layernorm (Llama). */
    PRE,
    /** post_attention_layernorm and post_feedforward_layernorm only (OLMo 2, EXAONE 4). */
    POST,
    /** one input_layernorm feeding attention and MLP in parallel (Cohere). */
    PARALLEL,
    /** pre norms plus post_self_attn_layernorm and post_mlp_layernorm (GLM-4). */
    SANDWICH
  }

  /** How queries and keys are normed before rotary embedding. */
  enum QkNorm {
    NONE,
    /** one head_dim vector each for q and k, shared by the heads (Qwen3, EXAONE 4, Hunyuan). */
    HEAD,
    /** over the whole projection: heads x head_dim for q, kv heads x head_dim for k (OLMo 2). */
    FULL,
    /** Cohere's use_qk_norm: a head_dim LayerNorm per query head and per KV head. */
    PER_HEAD
  }

  /** The feed-forward block. */
  enum Mlp {
    GATED,
    /** gate and up fused into one gate_up_proj (GLM-4). */
    FUSED,
    /** c_fc and c_proj with a GELU between (StarCoder2). */
    PLAIN
  }

  /** Which layers use sliding-window attention when no {@code layer_types} is given. */
  enum Sliding {
    /** none. */
    NONE,
    /** all, when use_sliding_window is true. */
    OPT_IN,
    /** all, when sliding_window is set. */
    ALL,
    /** all but every {@code sliding_window_pattern}-th (Cohere2 4, OLMo 3 4, EXAONE 4 4). */
    PATTERN
  }

  enum Kind {
    SMOLLM3(
        DecoderFamily.of("SmolLM3Config").tiedByDefault().maxContext(32768),
        Norms.PRE,
        QkNorm.NONE,
        Mlp.GATED,
        Sliding.OPT_IN,
        "attention_bias",
        true,
        false),
    GRANITE(
        DecoderFamily.of("GraniteConfig").maxContext(2048),
        Norms.PRE,
        QkNorm.NONE,
        Mlp.GATED,
        Sliding.NONE,
        "attention_bias",
        true,
        false),
    OLMO2(
        DecoderFamily.of("Olmo2Config").maxContext(2048),
        Norms.POST,
        QkNorm.FULL,
        Mlp.GATED,
        Sliding.NONE,
        "attention_bias",
        true,
        false),
    OLMO3(
        DecoderFamily.of("Olmo3Config").maxContext(2048),
        Norms.POST,
        QkNorm.FULL,
        Mlp.GATED,
        Sliding.PATTERN,
        "attention_bias",
        true,
        false),
    GLM4(
        DecoderFamily.of("Glm4Config").qkvBiasByDefault().maxContext(131072),
        Norms.SANDWICH,
        QkNorm.NONE,
        Mlp.FUSED,
        Sliding.NONE,
        "attention_bias",
        false,
        false),
    COHERE(
        DecoderFamily.of("CohereConfig").tiedByDefault().maxContext(8192),
        Norms.PARALLEL,
        QkNorm.PER_HEAD,
        Mlp.GATED,
        Sliding.NONE,
        "attention_bias",
        true,
        false),
    COHERE2(
        DecoderFamily.of("Cohere2Config").tiedByDefault().maxContext(8192),
        Norms.PARALLEL,
        QkNorm.NONE,
        Mlp.GATED,
        Sliding.PATTERN,
        "attention_bias",
        true,
        false),
    STARCODER2(
        DecoderFamily.of("Starcoder2Config").tiedByDefault().qkvBiasByDefault().maxContext(4096),
        Norms.PRE,
        QkNorm.NONE,
        Mlp.PLAIN,
        Sliding.ALL,
        "use_bias",
        true,
        true),
    EXAONE4(
        DecoderFamily.of("Exaone4Config").maxContext(2048),
        Norms.POST,
        QkNorm.HEAD,
        Mlp.GATED,
        Sliding.PATTERN,
        "attention_bias",
        true,
        false),
    ERNIE4_5(
        DecoderFamily.of("Ernie4_5Config").tiedByDefault().headDim(128).maxContext(131072),
        Norms.PRE,
        QkNorm.NONE,
        Mlp.GATED,
        Sliding.NONE,
        "use_bias",
        true,
        true),
    HUNYUAN_DENSE(
        DecoderFamily.of("HunYuanDenseV1Config").maxContext(2048),
        Norms.PRE,
        QkNorm.HEAD,
        Mlp.GATED,
        Sliding.NONE,
        "attention_bias",
        true,
        false);

    final DecoderFamily family;
    final Norms norms;
    final QkNorm qkNorm;
    final Mlp mlp;
    final Sliding sliding;

    /** The key that switches attention biases on. */
    final String biasKey;

    /** Whether o_proj carries a bias when the key is on (GLM-4 biases q/k/v only). */
    final boolean oBias;

    /** Whether the MLP and the norms follow the same key (StarCoder2's and ERNIE's use_bias). */
    final boolean biasEverywhere;

    Kind(
        DecoderFamily.Builder row,
        Norms norms,
        QkNorm qkNorm,
        Mlp mlp,
        Sliding sliding,
        String biasKey,
        boolean oBias,
        boolean biasEverywhere) {
      this.family = row.build();
      this.norms = norms;
      this.qkNorm = qkNorm;
      this.mlp = mlp;
      this.sliding = sliding;
      this.biasKey = biasKey;
      this.oBias = oBias;
      this.biasEverywhere = biasEverywhere;
    }
  }

  private final Kind k;

  ModernDecoderMapper(Kind kind) {
    this.k = kind;
  }

  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    DecoderFamily f = k.family;
    String why = f.configClass() + " default";
    SpecBuilder b = SpecBuilder.of(ctx);
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long heads = c.require(1, RawConfig.MAX_COUNT, "num_attention_heads");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long ffn = c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
    long kv =
        c.integer(
            heads,
            why + ": no GQA, as many KV heads as query heads",
            1,
            RawConfig.MAX_COUNT,
            "num_key_value_heads");
    if (kv > heads || heads % kv != 0) {
      throw c.error(
          "num_key_value_heads",
          "is " + kv + ", which does not divide num_attention_heads " + heads);
    }
    long hd = headDim(c, h, heads, why);
    boolean tied = c.bool(f.tiedByDefault(), why, "tie_word_embeddings");
    long maxContext =
        c.integer(f.maxContext(), why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    boolean bias = c.bool(f.qkvBias(), why, k.biasKey);
    boolean mlpBias = k.biasEverywhere ? bias : c.bool(false, null, "mlp_bias");
    boolean normBias = k == Kind.STARCODER2;

    b.dims(h, layers, heads, kv, hd, ffn, vocab, maxContext, tied);
    b.embeddings(vocab, h, tied);
    b.attention(layers, h, heads, kv, hd, bias, bias && k.oBias, false);
    qkNorms(b, c, layers, heads, kv, hd);
    mlp(b, layers, h, ffn, mlpBias);
    norms(b, layers, h, normBias);
    long window = window(c, why);
    Layers.attentionCache(b, c, layers, kv, hd, hd, window, slidingLayers(c, layers, window, why));
    if (k == Kind.SMOLLM3) {
      noRope(c, layers);
    }
    return b.build(c);
  }

  private long headDim(RawConfig c, long h, long heads, String why) throws InvalidConfigException {
    Long explicit = c.find(1, RawConfig.MAX_WIDTH, "head_dim");
    if (explicit != null) {
      return explicit;
    }
    if (k.family.headDim() > 0) {
      c.assume("'head_dim' absent: " + k.family.headDim() + " (" + why + ")");
      return k.family.headDim();
    }
    return MoeMapper.divide(c, h, heads);
  }

  private void qkNorms(SpecBuilder b, RawConfig c, long layers, long heads, long kv, long hd)
      throws InvalidConfigException {
    switch (k.qkNorm) {
      case HEAD:
        if (k == Kind.HUNYUAN_DENSE && !c.bool(true, null, "use_qk_norm")) {
          return;
        }
        b.norm("q_norm", hd, layers, false);
        b.norm("k_norm", hd, layers, false);
        return;
      case FULL:
        b.norm("q_norm", heads * hd, layers, false);
        b.norm("k_norm", kv * hd, layers, false);
        return;
      case PER_HEAD:
        if (c.bool(false, null, "use_qk_norm")) {
          b.add(new WeightGroup("q_norm", Role.NORM, heads, hd, layers, false));
          b.add(new WeightGroup("k_norm", Role.NORM, kv, hd, layers, false));
        }
        return;
      default:
        return;
    }
  }

  private void mlp(SpecBuilder b, long layers, long h, long ffn, boolean bias) {
    switch (k.mlp) {
      case PLAIN:
        b.linear("c_fc", Role.MLP, h, ffn, layers, bias);
        b.linear("c_proj", Role.MLP, ffn, h, layers, bias);
        return;
      case FUSED:
        b.gatedMlp("", Role.MLP, layers, h, ffn, bias, true);
        return;
      default:
        b.gatedMlp("", Role.MLP, layers, h, ffn, bias, false);
    }
  }

  private void norms(SpecBuilder b, long layers, long h, boolean bias) {
    switch (k.norms) {
      case POST:
        b.norm("post_attention_layernorm", h, layers, bias);
        b.norm("post_feedforward_layernorm", h, layers, bias);
        break;
      case PARALLEL:
        b.norm("input_layernorm", h, layers, bias);
        break;
      case SANDWICH:
        b.norm("input_layernorm", h, layers, bias);
        b.norm("post_attention_layernorm", h, layers, bias);
        b.norm("post_self_attn_layernorm", h, layers, bias);
        b.norm("post_mlp_layernorm", h, layers, bias);
        break;
      default:
        b.norm("input_layernorm", h, layers, bias);
        b.norm("post_attention_layernorm", h, layers, bias);
    }
    b.norm("norm", h, 1, bias);
  }

  private long window(RawConfig c, String why) throws InvalidConfigException {
    switch (k.sliding) {
      case OPT_IN:
        return c.bool(false, null, "use_sliding_window")
            ? c.integer(0, null, 1, RawConfig.MAX_CONTEXT, "sliding_window")
            : 0;
      case ALL:
        return c.integer(0, null, 1, RawConfig.MAX_CONTEXT, "sliding_window");
      case PATTERN:
        if (c.raw().containsKey("sliding_window") && c.raw().get("sliding_window") == null) {
          return 0;
        }
        return c.integer(4096, why, 1, RawConfig.MAX_CONTEXT, "sliding_window");
      default:
        return 0;
    }
  }

  /** Sliding layers when {@code layer_types} is absent (Layers reads it when present). */
  private long slidingLayers(RawConfig c, long layers, long window, String why)
      throws InvalidConfigException {
    if (window <= 0) {
      return 0;
    }
    if (k.sliding != Sliding.PATTERN) {
      return layers;
    }
    Object p = c.raw().get("sliding_window_pattern");
    if (p instanceof String) {
      return slidingByString(c, layers, (String) p);
    }
    long pattern = c.integer(4, why, 0, RawConfig.MAX_COUNT, "sliding_window_pattern");
    return Layers.slidingByPattern(layers, pattern);
  }

  /** EXAONE 4's pattern string, e.g. "LLLG": L local (sliding), G global, repeated. */
  private static long slidingByString(RawConfig c, long layers, String pattern)
      throws InvalidConfigException {
    if (pattern.isEmpty() || !pattern.matches("[LG]+")) {
      throw c.error("sliding_window_pattern", "must be letters L (local) and G (global)");
    }
    long n = 0;
    for (long i = 0; i < layers; i++) {
      if (pattern.charAt((int) (i % pattern.length())) == 'L') {
        n++;
      }
    }
    return n;
  }

  /** SmolLM3's NoPE layers change neither weights nor cache; the assumption says how many. */
  private static void noRope(RawConfig c, long layers) throws InvalidConfigException {
    List<?> flags = c.list("no_rope_layers");
    long nope;
    if (flags != null) {
      nope =
          flags.stream().filter(v -> v instanceof Number && ((Number) v).longValue() == 0).count();
    } else {
      long interval =
          c.integer(4, "SmolLM3Config default", 1, RawConfig.MAX_COUNT, "no_rope_layer_interval");
      nope = layers / interval;
    }
    c.assume(
        "smollm3: "
            + nope
            + " of "
            + layers
            + " layers use no rotary embedding (NoPE);"
            + " their weights and KV cache are those of the other layers");
  }
}
