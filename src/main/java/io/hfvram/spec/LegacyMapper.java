package io.hfvram.spec;

/**
 * Decoders with pre-Llama key names and layouts: gpt2, gpt_bigcode, bloom, falcon (and its older
 * RefinedWeb form), mpt, gpt_neox, gptj, opt and phi. LayerNorms carry a bias unless the config
 * says otherwise; each layout follows its transformers modeling file.
 */
final class LegacyMapper implements FamilyMapper {
  enum Kind {
    GPT2,
    GPT_BIGCODE,
    BLOOM,
    FALCON,
    MPT,
    GPT_NEOX,
    GPTJ,
    OPT,
    PHI
  }

  private final Kind k;

  LegacyMapper(Kind kind) {
    this.k = kind;
  }

  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    SpecBuilder b = SpecBuilder.of(ctx);
    switch (k) {
      case GPT2:
      case GPT_BIGCODE:
        gpt2(c, b);
        break;
      case BLOOM:
        bloom(c, b);
        break;
      case FALCON:
        falcon(c, b);
        break;
      case MPT:
        mpt(c, b);
        break;
      case GPT_NEOX:
        neox(c, b);
        break;
      case GPTJ:
        gptj(c, b);
        break;
      case OPT:
        opt(c, b);
        break;
      default:
        phi(c, b);
    }
    b.cache(CacheGroup.attention(b.numLayers, b.numKeyValueHeads, b.headDim, b.headDim));
    return b.build(c);
  }

  private static void dims(
      SpecBuilder b,
      long h,
      long layers,
      long heads,
      long kv,
      long f,
      long vocab,
      long context,
      boolean tied) {
    b.dims(h, layers, heads, kv, h / heads, f, vocab, context, tied);
  }

  private static long heads(RawConfig c, long h, String... keys) throws InvalidConfigException {
    long heads = c.require(1, RawConfig.MAX_COUNT, keys);
    MoeMapper.divide(c, h, heads);
    return heads;
  }

  private void gpt2(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    long h = c.require(1, RawConfig.MAX_WIDTH, "n_embd", "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "n_layer", "num_hidden_layers");
    long heads = heads(c, h, "n_head", "num_attention_heads");
    long f =
        c.integer(
            4 * h, "n_inner null: 4 x n_embd (GPT2Config)", 1, RawConfig.MAX_WIDTH, "n_inner");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long ctx =
        c.integer(1024, "GPT2Config default", 1, RawConfig.MAX_CONTEXT, "n_positions", "n_ctx");
    boolean mq = k == Kind.GPT_BIGCODE && c.bool(true, "GPTBigCodeConfig default", "multi_query");
    long kv = mq ? 1 : heads;
    dims(b, h, layers, heads, kv, f, vocab, ctx, true);
    b.linear("wte", Role.EMBEDDING, vocab, h, 1, false);
    b.linear("wpe", Role.EMBEDDING, ctx, h, 1, false);
    b.norm("ln_1", h, layers, true);
    b.linear("c_attn", Role.ATTENTION, h, h + 2 * kv * (h / heads), layers, true);
    b.linear("attn.c_proj", Role.ATTENTION, h, h, layers, true);
    b.norm("ln_2", h, layers, true);
    b.linear("c_fc", Role.MLP, h, f, layers, true);
    b.linear("mlp.c_proj", Role.MLP, f, h, layers, true);
    b.norm("ln_f", h, 1, true);
  }

  private void bloom(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size", "n_embed");
    long layers = c.require(1, RawConfig.MAX_COUNT, "n_layer", "num_hidden_layers");
    long heads = heads(c, h, "n_head", "num_attention_heads");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long ctx =
        c.integer(
            2048,
            "ALiBi has no position limit; BLOOM was trained on 2048",
            1,
            RawConfig.MAX_CONTEXT,
            "seq_length",
            "max_position_embeddings");
    dims(b, h, layers, heads, heads, 4 * h, vocab, ctx, true);
    b.linear("word_embeddings", Role.EMBEDDING, vocab, h, 1, false);
    b.norm("word_embeddings_layernorm", h, 1, true);
    b.norm("input_layernorm", h, layers, true);
    b.linear("query_key_value", Role.ATTENTION, h, 3 * h, layers, true);
    b.linear("self_attention.dense", Role.ATTENTION, h, h, layers, true);
    b.norm("post_attention_layernorm", h, layers, true);
    b.linear("dense_h_to_4h", Role.MLP, h, 4 * h, layers, true);
    b.linear("dense_4h_to_h", Role.MLP, 4 * h, h, layers, true);
    b.norm("ln_f", h, 1, true);
  }

  private void falcon(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    String why = "FalconConfig default";
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers", "n_layer");
    long heads = heads(c, h, "num_attention_heads", "n_head");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    // The original RefinedWeb configs (Falcon-40B) use the new layout: two LayerNorms, GQA.
    boolean refinedWeb40 = "refinedweb".equals(b.modelType);
    boolean newArch = c.bool(refinedWeb40, refinedWeb40 ? null : why, "new_decoder_architecture");
    boolean mq = c.bool(true, why, "multi_query");
    long kv;
    if (newArch) {
      kv = c.integer(heads, why, 1, RawConfig.MAX_COUNT, "num_kv_heads", "n_head_kv");
    } else if (c.has("n_head_kv") || c.has("num_kv_heads")) {
      kv = c.require(1, RawConfig.MAX_COUNT, "num_kv_heads", "n_head_kv");
    } else {
      kv = mq ? 1 : heads;
    }
    long f = c.integer(4 * h, why, 1, RawConfig.MAX_WIDTH, "ffn_hidden_size");
    boolean bias = c.bool(false, why, "bias");
    boolean parallel = c.bool(true, why, "parallel_attn");
    boolean tied = c.bool(true, why, "tie_word_embeddings");
    long ctx = c.integer(2048, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    long hd = h / heads;
    dims(b, h, layers, heads, kv, f, vocab, ctx, tied);
    b.embeddings(vocab, h, tied);
    b.linear("query_key_value", Role.ATTENTION, h, (heads + 2 * kv) * hd, layers, bias);
    b.linear("dense", Role.ATTENTION, h, h, layers, bias);
    b.linear("dense_h_to_4h", Role.MLP, h, f, layers, bias);
    b.linear("dense_4h_to_h", Role.MLP, f, h, layers, bias);
    if (newArch) {
      b.norm("ln_attn", h, layers, true);
      b.norm("ln_mlp", h, layers, true);
    } else {
      b.norm("input_layernorm", h, layers, true);
      if (!parallel) {
        b.norm("post_attention_layernorm", h, layers, true);
      }
    }
    b.norm("ln_f", h, 1, true);
  }

  private void mpt(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    long h = c.require(1, RawConfig.MAX_WIDTH, "d_model");
    long layers = c.require(1, RawConfig.MAX_COUNT, "n_layers");
    long heads = heads(c, h, "n_heads");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long ratio = c.integer(4, "MptConfig default", 1, 64, "expansion_ratio");
    long ctx = c.integer(2048, "MptConfig default", 1, RawConfig.MAX_CONTEXT, "max_seq_len");
    boolean noBias = c.bool(true, "MptConfig default", "no_bias");
    RawConfig attn = c.child("attn_config");
    long kv =
        attn == null ? heads : attn.integer(heads, null, 1, RawConfig.MAX_COUNT, "kv_n_heads");
    long hd = h / heads;
    dims(b, h, layers, heads, kv, ratio * h, vocab, ctx, true);
    b.linear("wte", Role.EMBEDDING, vocab, h, 1, false);
    b.norm("norm_1", h, layers, !noBias);
    b.linear("Wqkv", Role.ATTENTION, h, h + 2 * kv * hd, layers, !noBias);
    b.linear("out_proj", Role.ATTENTION, h, h, layers, !noBias);
    b.norm("norm_2", h, layers, !noBias);
    b.linear("up_proj", Role.MLP, h, ratio * h, layers, !noBias);
    b.linear("down_proj", Role.MLP, ratio * h, h, layers, !noBias);
    b.norm("norm_f", h, 1, !noBias);
  }

  private void neox(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    String why = "GPTNeoXConfig default";
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long heads = heads(c, h, "num_attention_heads");
    long f = c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long ctx = c.integer(2048, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    boolean tied = c.bool(false, why, "tie_word_embeddings");
    boolean bias = c.bool(true, why, "attention_bias");
    dims(b, h, layers, heads, heads, f, vocab, ctx, tied);
    b.linear("embed_in", Role.EMBEDDING, vocab, h, 1, false);
    if (!tied) {
      b.linear("embed_out", Role.LM_HEAD, h, vocab, 1, false);
    }
    b.norm("input_layernorm", h, layers, true);
    b.norm("post_attention_layernorm", h, layers, true);
    b.linear("query_key_value", Role.ATTENTION, h, 3 * h, layers, bias);
    b.linear("attention.dense", Role.ATTENTION, h, h, layers, bias);
    b.linear("dense_h_to_4h", Role.MLP, h, f, layers, true);
    b.linear("dense_4h_to_h", Role.MLP, f, h, layers, true);
    b.norm("final_layer_norm", h, 1, true);
  }

  private void gptj(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    long h = c.require(1, RawConfig.MAX_WIDTH, "n_embd");
    long layers = c.require(1, RawConfig.MAX_COUNT, "n_layer");
    long heads = heads(c, h, "n_head");
    long f =
        c.integer(
            4 * h, "n_inner null: 4 x n_embd (GPTJConfig)", 1, RawConfig.MAX_WIDTH, "n_inner");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long ctx = c.integer(2048, "GPTJConfig default", 1, RawConfig.MAX_CONTEXT, "n_positions");
    dims(b, h, layers, heads, heads, f, vocab, ctx, false);
    b.linear("wte", Role.EMBEDDING, vocab, h, 1, false);
    b.linear("lm_head", Role.LM_HEAD, h, vocab, 1, true);
    b.norm("ln_1", h, layers, true);
    b.attention(layers, h, heads, heads, h / heads, false, false, false);
    b.linear("fc_in", Role.MLP, h, f, layers, true);
    b.linear("fc_out", Role.MLP, f, h, layers, true);
    b.norm("ln_f", h, 1, true);
  }

  private void opt(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    String why = "OPTConfig default";
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long heads = heads(c, h, "num_attention_heads");
    long f = c.require(1, RawConfig.MAX_WIDTH, "ffn_dim");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long ctx = c.integer(2048, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    long proj = c.integer(h, null, 1, RawConfig.MAX_WIDTH, "word_embed_proj_dim");
    boolean bias = c.bool(true, null, "enable_bias");
    boolean before = c.bool(true, null, "do_layer_norm_before");
    boolean removeFinal = c.bool(false, null, "_remove_final_layer_norm");
    dims(b, h, layers, heads, heads, f, vocab, ctx, true);
    b.linear("embed_tokens", Role.EMBEDDING, vocab, proj, 1, false);
    b.linear("embed_positions", Role.EMBEDDING, ctx + 2, h, 1, false);
    if (proj != h) {
      b.linear("project_in", Role.OTHER, proj, h, 1, false);
      b.linear("project_out", Role.OTHER, h, proj, 1, false);
    }
    b.attention(layers, h, heads, heads, h / heads, bias, bias, false);
    b.weights.replaceAll(
        g ->
            g.module().equals("o_proj")
                ? new WeightGroup(
                    "out_proj", g.role(), g.inFeatures(), g.outFeatures(), g.instances(), g.bias())
                : g);
    b.norm("self_attn_layer_norm", h, layers, true);
    b.linear("fc1", Role.MLP, h, f, layers, bias);
    b.linear("fc2", Role.MLP, f, h, layers, bias);
    b.norm("final_layer_norm", h, layers, true);
    if (before && !removeFinal) {
      b.norm("decoder.final_layer_norm", h, 1, true);
    }
  }

  private void phi(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    String why = "PhiConfig default";
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long heads = heads(c, h, "num_attention_heads");
    long kv = c.integer(heads, why, 1, RawConfig.MAX_COUNT, "num_key_value_heads");
    long f = c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long ctx = c.integer(2048, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    boolean tied = c.bool(false, why, "tie_word_embeddings");
    double rotary = c.real(0.5, 0, 1, "partial_rotary_factor");
    c.assume("partial rotary (" + rotary + " of each head) changes no weight or cache size");
    long hd = h / heads;
    dims(b, h, layers, heads, kv, f, vocab, ctx, tied);
    b.linear("embed_tokens", Role.EMBEDDING, vocab, h, 1, false);
    if (!tied) {
      b.linear("lm_head", Role.LM_HEAD, h, vocab, 1, true);
    }
    b.attention(layers, h, heads, kv, hd, true, true, false);
    b.weights.replaceAll(
        g ->
            g.module().equals("o_proj")
                ? new WeightGroup(
                    "dense", g.role(), g.inFeatures(), g.outFeatures(), g.instances(), g.bias())
                : g);
    if (c.bool(false, null, "qk_layernorm")) {
      b.norm("q_layernorm", hd, layers, true);
      b.norm("k_layernorm", hd, layers, true);
    }
    b.norm("input_layernorm", h, layers, true);
    b.linear("fc1", Role.MLP, h, f, layers, true);
    b.linear("fc2", Role.MLP, f, h, layers, true);
    b.norm("final_layernorm", h, 1, true);
  }
}
