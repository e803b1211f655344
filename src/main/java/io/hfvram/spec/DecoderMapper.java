package io.hfvram.spec;

/**
 * The decoder family most of the Hub uses: Llama and its look-alikes (Mistral, Qwen2, Qwen3,
 * Gemma 1/2/3, Phi-3). Pre-norm blocks with RMSNorm, rotary attention with optional GQA, a gated
 * MLP, and optionally tied embeddings.
 *
 * <p>Class defaults for absent keys follow the transformers configuration classes
 * (LlamaConfig, MistralConfig, Qwen2Config, Qwen3Config, GemmaConfig, Gemma2Config,
 * Gemma3TextConfig, Phi3Config).
 */
final class DecoderMapper implements FamilyMapper {

  /** What differs between the look-alikes. */
  enum Traits {
    LLAMA("LlamaConfig", false, 0, false, false, false, 2, false, 2048, 4096, 32, 32, 11008, 32000),
    MISTRAL("MistralConfig", false, 0, false, false, false, 2, false, 32768, 4096, 32, 32, 14336,
        32000),
    QWEN2("Qwen2Config", false, 0, true, false, false, 2, false, 32768, 4096, 32, 32, 22016,
        151936),
    QWEN3("Qwen3Config", false, 0, false, false, true, 2, false, 32768, 4096, 32, 32, 22016,
        151936),
    GEMMA("GemmaConfig", true, 256, false, false, false, 2, false, 8192, 3072, 28, 16, 24576,
        256000),
    GEMMA2("Gemma2Config", true, 256, false, false, false, 4, false, 8192, 2304, 26, 8, 9216,
        256000),
    GEMMA3("Gemma3TextConfig", true, 256, false, false, true, 4, false, 131072, 2304, 26, 8, 9216,
        262208),
    PHI3("Phi3Config", false, 0, false, false, false, 2, true, 4096, 3072, 32, 32, 8192, 32064);

    final String configClass;
    final boolean tieDefault;
    final long headDimDefault;
    final boolean qkvBiasDefault;
    final boolean oBiasDefault;
    final boolean qkNorm;
    final int normsPerLayer;
    final boolean fused;
    final long maxContextDefault;
    final long hiddenDefault;
    final long layersDefault;
    final long headsDefault;
    final long intermediateDefault;
    final long vocabDefault;

    Traits(String configClass, boolean tieDefault, long headDimDefault, boolean qkvBiasDefault,
        boolean oBiasDefault, boolean qkNorm, int normsPerLayer, boolean fused,
        long maxContextDefault, long hiddenDefault, long layersDefault, long headsDefault,
        long intermediateDefault, long vocabDefault) {
      this.configClass = configClass;
      this.tieDefault = tieDefault;
      this.headDimDefault = headDimDefault;
      this.qkvBiasDefault = qkvBiasDefault;
      this.oBiasDefault = oBiasDefault;
      this.qkNorm = qkNorm;
      this.normsPerLayer = normsPerLayer;
      this.fused = fused;
      this.maxContextDefault = maxContextDefault;
      this.hiddenDefault = hiddenDefault;
      this.layersDefault = layersDefault;
      this.headsDefault = headsDefault;
      this.intermediateDefault = intermediateDefault;
      this.vocabDefault = vocabDefault;
    }
  }

  private final Traits t;

  DecoderMapper(Traits traits) {
    this.t = traits;
  }

  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    SpecBuilder b = SpecBuilder.of(ctx);
    String why = t.configClass + " default";
    long h;
    long layers;
    long heads;
    long vocab;
    long ffn;
    if (ctx.nested()) {
      // Nested text configs of multimodal wrappers are often sparse: class defaults apply.
      h = c.integer(t.hiddenDefault, why, 1, RawConfig.MAX_WIDTH, "hidden_size");
      layers = c.integer(t.layersDefault, why, 1, RawConfig.MAX_COUNT, "num_hidden_layers");
      heads = c.integer(t.headsDefault, why, 1, RawConfig.MAX_COUNT, "num_attention_heads");
      vocab = c.integer(t.vocabDefault, why, 1, RawConfig.MAX_VOCAB, "vocab_size");
      ffn = c.integer(t.intermediateDefault, why, 1, RawConfig.MAX_WIDTH, "intermediate_size");
    } else {
      h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
      layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
      heads = c.require(1, RawConfig.MAX_COUNT, "num_attention_heads");
      vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
      ffn = c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
    }
    long kv = c.integer(heads, why + ": no GQA, as many KV heads as query heads", 1,
        RawConfig.MAX_COUNT, "num_key_value_heads");
    if (kv > heads || heads % kv != 0) {
      throw c.error("num_key_value_heads",
          "is " + kv + ", which does not divide num_attention_heads " + heads);
    }
    long headDim = headDim(c, h, heads, why);
    boolean tied = c.bool(t.tieDefault, why, "tie_word_embeddings");
    long maxContext = c.integer(t.maxContextDefault, why, 1, RawConfig.MAX_CONTEXT,
        "max_position_embeddings");
    boolean qkvBias;
    boolean oBias;
    if (t == Traits.QWEN2) {
      qkvBias = true;
      oBias = false;
    } else {
      qkvBias = c.bool(t.qkvBiasDefault, null, "attention_bias");
      oBias = t == Traits.LLAMA && qkvBias;
    }
    boolean mlpBias = t == Traits.LLAMA && c.bool(false, null, "mlp_bias");

    b.dims(h, layers, heads, kv, headDim, ffn, vocab, maxContext, tied);

    b.embeddings(vocab, h, tied);
    b.attention(layers, h, heads, kv, headDim, qkvBias, oBias, t.fused);
    if (t.qkNorm) {
      b.norm("q_norm", headDim, layers, false);
      b.norm("k_norm", headDim, layers, false);
    }
    b.gatedMlp("", Role.MLP, layers, h, ffn, mlpBias, t.fused);
    b.norm("input_layernorm", h, layers, false);
    b.norm("post_attention_layernorm", h, layers, false);
    if (t.normsPerLayer == 4) {
      b.norm("pre_feedforward_layernorm", h, layers, false);
      b.norm("post_feedforward_layernorm", h, layers, false);
    }
    b.norm("norm", h, 1, false);

    long window = slidingWindow(c);
    Layers.attentionCache(b, c, layers, kv, headDim, headDim, window,
        slidingLayers(c, layers, window));
    return b.build(c);
  }

  private long headDim(RawConfig c, long h, long heads, String why)
      throws InvalidConfigException {
    Long explicit = c.find(1, RawConfig.MAX_WIDTH, "head_dim");
    if (explicit != null) {
      return explicit;
    }
    if (t.headDimDefault > 0) {
      c.assume("'head_dim' absent: " + t.headDimDefault + " (" + why + ")");
      return t.headDimDefault;
    }
    if (h % heads != 0) {
      throw c.error("hidden_size", "is " + h + ", not a multiple of num_attention_heads "
          + heads + ", and no 'head_dim' is given");
    }
    return h / heads;
  }

  private long slidingWindow(RawConfig c) throws InvalidConfigException {
    switch (t) {
      case QWEN2:
      case QWEN3:
        if (!c.bool(false, null, "use_sliding_window")) {
          return 0;
        }
        return c.integer(0, null, 1, RawConfig.MAX_CONTEXT, "sliding_window");
      case GEMMA2:
        return c.integer(4096, t.configClass + " default", 1, RawConfig.MAX_CONTEXT,
            "sliding_window");
      case GEMMA3:
        return c.integer(4096, t.configClass + " default", 1, RawConfig.MAX_CONTEXT,
            "sliding_window");
      case GEMMA:
      case LLAMA:
        return 0;
      default:
        return c.integer(0, null, 1, RawConfig.MAX_CONTEXT, "sliding_window");
    }
  }

  private long slidingLayers(RawConfig c, long layers, long window)
      throws InvalidConfigException {
    if (window <= 0) {
      return 0;
    }
    switch (t) {
      case QWEN2:
      case QWEN3:
        long full = c.integer(layers, null, 0, RawConfig.MAX_COUNT, "max_window_layers");
        return Math.max(0, layers - Math.min(full, layers));
      case GEMMA2:
        return Layers.slidingByPattern(layers, 2);
      case GEMMA3:
        long pattern = c.integer(6, t.configClass + " default", 0, RawConfig.MAX_COUNT,
            "sliding_window_pattern");
        return Layers.slidingByPattern(layers, pattern);
      default:
        return layers;
    }
  }
}
