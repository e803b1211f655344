package io.hfvram.spec;

/**
 * The decoder family most of the Hub uses: Llama and its look-alikes (Mistral, Qwen2, Qwen3, Gemma
 * 1/2/3, Phi-3). Pre-norm blocks with RMSNorm, rotary attention with optional GQA, a gated MLP, and
 * optionally tied embeddings.
 *
 * <p>Class defaults for absent keys follow the transformers configuration classes (LlamaConfig,
 * MistralConfig, Qwen2Config, Qwen3Config, GemmaConfig, Gemma2Config, Gemma3TextConfig,
 * Phi3Config).
 */
final class DecoderMapper implements FamilyMapper {

  /** What differs between the look-alikes: one {@link DecoderFamily} row each. */
  enum Traits {
    LLAMA(
        DecoderFamily.of("LlamaConfig")
            .maxContext(2048)
            .hidden(4096)
            .layers(32)
            .heads(32)
            .intermediate(11008)
            .vocab(32000)),
    MISTRAL(
        DecoderFamily.of("MistralConfig")
            .maxContext(32768)
            .hidden(4096)
            .layers(32)
            .heads(32)
            .intermediate(14336)
            .vocab(32000)),
    QWEN2(
        DecoderFamily.of("Qwen2Config")
            .qkvBiasByDefault()
            .maxContext(32768)
            .hidden(4096)
            .layers(32)
            .heads(32)
            .intermediate(22016)
            .vocab(151936)),
    QWEN3(
        DecoderFamily.of("Qwen3Config")
            .qkNorm()
            .maxContext(32768)
            .hidden(4096)
            .layers(32)
            .heads(32)
            .intermediate(22016)
            .vocab(151936)),
    GEMMA(
        DecoderFamily.of("GemmaConfig")
            .tiedByDefault()
            .headDim(256)
            .maxContext(8192)
            .hidden(3072)
            .layers(28)
            .heads(16)
            .intermediate(24576)
            .vocab(256000)),
    GEMMA2(
        DecoderFamily.of("Gemma2Config")
            .tiedByDefault()
            .headDim(256)
            .sandwichNorms()
            .maxContext(8192)
            .hidden(2304)
            .layers(26)
            .heads(8)
            .intermediate(9216)
            .vocab(256000)),
    GEMMA3(
        DecoderFamily.of("Gemma3TextConfig")
            .tiedByDefault()
            .headDim(256)
            .qkNorm()
            .sandwichNorms()
            .maxContext(131072)
            .hidden(2304)
            .layers(26)
            .heads(8)
            .intermediate(9216)
            .vocab(262208)),
    PHI3(
        DecoderFamily.of("Phi3Config")
            .fused()
            .maxContext(4096)
            .hidden(3072)
            .layers(32)
            .heads(32)
            .intermediate(8192)
            .vocab(32064));

    final DecoderFamily family;

    Traits(DecoderFamily.Builder row) {
      this.family = row.build();
    }
  }

  /** The sizes every decoder needs, in the order they are read. */
  private record Sizes(long hidden, long layers, long heads, long vocab, long ffn) {}

  private final Traits t;
  private final DecoderFamily f;

  DecoderMapper(Traits traits) {
    this.t = traits;
    this.f = traits.family;
  }

  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    SpecBuilder b = SpecBuilder.of(ctx);
    String why = f.configClass() + " default";
    Sizes s = sizes(c, ctx, why);
    long h = s.hidden();
    long layers = s.layers();
    long heads = s.heads();
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
    long headDim = headDim(c, h, heads, why);
    boolean tied = c.bool(f.tiedByDefault(), why, "tie_word_embeddings");
    long maxContext =
        c.integer(f.maxContext(), why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    boolean qkvBias;
    boolean oBias;
    if (t == Traits.QWEN2) {
      qkvBias = true;
      oBias = false;
    } else {
      qkvBias = c.bool(f.qkvBias(), null, "attention_bias");
      oBias = t == Traits.LLAMA && qkvBias;
    }
    boolean mlpBias = t == Traits.LLAMA && c.bool(false, null, "mlp_bias");

    b.dims(h, layers, heads, kv, headDim, s.ffn(), s.vocab(), maxContext, tied);
    b.embeddings(s.vocab(), h, tied);
    b.attention(layers, h, heads, kv, headDim, qkvBias, oBias, f.fused());
    layerWeights(b, s, headDim, mlpBias);

    long window = slidingWindow(c);
    Layers.attentionCache(
        b, c, layers, kv, headDim, headDim, window, slidingLayers(c, layers, window));
    return b.build(c);
  }

  /** Nested text configs of multimodal wrappers are often sparse: class defaults apply. */
  private Sizes sizes(RawConfig c, Context ctx, String why) throws InvalidConfigException {
    if (ctx.nested()) {
      return new Sizes(
          c.integer(f.hidden(), why, 1, RawConfig.MAX_WIDTH, "hidden_size"),
          c.integer(f.layers(), why, 1, RawConfig.MAX_COUNT, "num_hidden_layers"),
          c.integer(f.heads(), why, 1, RawConfig.MAX_COUNT, "num_attention_heads"),
          c.integer(f.vocab(), why, 1, RawConfig.MAX_VOCAB, "vocab_size"),
          c.integer(f.intermediate(), why, 1, RawConfig.MAX_WIDTH, "intermediate_size"));
    }
    return new Sizes(
        c.require(1, RawConfig.MAX_WIDTH, "hidden_size"),
        c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers"),
        c.require(1, RawConfig.MAX_COUNT, "num_attention_heads"),
        c.require(1, RawConfig.MAX_VOCAB, "vocab_size"),
        c.require(1, RawConfig.MAX_WIDTH, "intermediate_size"));
  }

  /** The norms and the MLP of each block, and the final norm. */
  private void layerWeights(SpecBuilder b, Sizes s, long headDim, boolean mlpBias) {
    long h = s.hidden();
    long layers = s.layers();
    if (f.qkNorm()) {
      b.norm("q_norm", headDim, layers, false);
      b.norm("k_norm", headDim, layers, false);
    }
    b.gatedMlp("", Role.MLP, layers, h, s.ffn(), mlpBias, f.fused());
    b.norm("input_layernorm", h, layers, false);
    b.norm("post_attention_layernorm", h, layers, false);
    if (f.sandwichNorms()) {
      b.norm("pre_feedforward_layernorm", h, layers, false);
      b.norm("post_feedforward_layernorm", h, layers, false);
    }
    b.norm("norm", h, 1, false);
  }

  private long headDim(RawConfig c, long h, long heads, String why) throws InvalidConfigException {
    Long explicit = c.find(1, RawConfig.MAX_WIDTH, "head_dim");
    if (explicit != null) {
      return explicit;
    }
    if (f.headDim() > 0) {
      c.assume("'head_dim' absent: " + f.headDim() + " (" + why + ")");
      return f.headDim();
    }
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

  private long slidingWindow(RawConfig c) throws InvalidConfigException {
    switch (t) {
      case QWEN2:
      case QWEN3:
        if (!c.bool(false, null, "use_sliding_window")) {
          return 0;
        }
        return c.integer(0, null, 1, RawConfig.MAX_CONTEXT, "sliding_window");
      case GEMMA2:
        return c.integer(
            4096, f.configClass() + " default", 1, RawConfig.MAX_CONTEXT, "sliding_window");
      case GEMMA3:
        return c.integer(
            4096, f.configClass() + " default", 1, RawConfig.MAX_CONTEXT, "sliding_window");
      case GEMMA:
      case LLAMA:
        return 0;
      default:
        return c.integer(0, null, 1, RawConfig.MAX_CONTEXT, "sliding_window");
    }
  }

  private long slidingLayers(RawConfig c, long layers, long window) throws InvalidConfigException {
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
        long pattern =
            c.integer(
                6, f.configClass() + " default", 0, RawConfig.MAX_COUNT, "sliding_window_pattern");
        return Layers.slidingByPattern(layers, pattern);
      default:
        return layers;
    }
  }
}
