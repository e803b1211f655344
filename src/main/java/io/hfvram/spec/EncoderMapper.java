package io.hfvram.spec;

import java.util.Locale;

/**
 * Encoder-decoder (t5, bart, mbart) and encoder-only (bert, roberta, xlm-roberta, distilbert,
 * mpnet, nomic_bert) models. Encoder-decoders cache the decoder's self-attention K/V per generated
 * token and the cross-attention K/V of every encoder token; encoder-only models keep no cache. The
 * sequence length stands for both the encoder input and the decoder output.
 */
final class EncoderMapper implements FamilyMapper {
  enum Kind {
    T5,
    BART,
    MBART,
    BERT,
    ROBERTA,
    XLM_ROBERTA,
    DISTILBERT,
    MPNET,
    NOMIC_BERT
  }

  private final Kind k;

  EncoderMapper(Kind kind) {
    this.k = kind;
  }

  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    SpecBuilder b = SpecBuilder.of(ctx);
    switch (k) {
      case T5:
        t5(c, b);
        break;
      case BART:
      case MBART:
        bart(c, b);
        break;
      case DISTILBERT:
      case MPNET:
      case NOMIC_BERT:
        EncoderOnlyMapper.map(k, c, b, ctx.architecture());
        break;
      default:
        bert(c, b, ctx.architecture());
    }
    return b.build(c);
  }

  private void t5(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    String why = "T5Config default";
    long h = c.require(1, RawConfig.MAX_WIDTH, "d_model");
    long dkv = c.require(1, RawConfig.MAX_WIDTH, "d_kv");
    long ff = c.require(1, RawConfig.MAX_WIDTH, "d_ff");
    long enc = c.require(1, RawConfig.MAX_COUNT, "num_layers");
    long dec =
        c.integer(
            enc,
            "num_decoder_layers absent: as many as the encoder",
            1,
            RawConfig.MAX_COUNT,
            "num_decoder_layers");
    long heads = c.require(1, RawConfig.MAX_COUNT, "num_heads");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long buckets = c.integer(32, why, 1, 1 << 16, "relative_attention_num_buckets");
    boolean tied = c.bool(true, why, "tie_word_embeddings");
    String proj = c.string("relu", "feed_forward_proj").toLowerCase(Locale.ROOT);
    boolean gated = proj.startsWith("gated");
    long ctx =
        c.integer(
            512,
            "T5 uses relative positions; trained on 512 tokens",
            1,
            RawConfig.MAX_CONTEXT,
            "n_positions");
    long inner = heads * dkv;
    b.dims(h, enc + dec, heads, heads, dkv, ff, vocab, ctx, tied);
    b.linear("shared", Role.EMBEDDING, vocab, h, 1, false);
    if (!tied) {
      b.linear("lm_head", Role.LM_HEAD, h, vocab, 1, false);
    }
    for (String q : new String[] {"q", "k", "v"}) {
      b.linear(q, Role.ATTENTION, h, inner, enc + 2 * dec, false);
    }
    b.linear("o", Role.ATTENTION, inner, h, enc + 2 * dec, false);
    b.add(new WeightGroup("relative_attention_bias", Role.OTHER, buckets, heads, 2, false));
    if (gated) {
      b.linear("wi_0", Role.MLP, h, ff, enc + dec, false);
      b.linear("wi_1", Role.MLP, h, ff, enc + dec, false);
    } else {
      b.linear("wi", Role.MLP, h, ff, enc + dec, false);
    }
    b.linear("wo", Role.MLP, ff, h, enc + dec, false);
    b.norm("layer_norm", h, 2 * enc + 3 * dec + 2, false);
    b.cache(CacheGroup.attention(dec, heads, dkv, dkv));
    b.cache(new CacheGroup(CacheKind.CROSS, dec, heads, dkv, dkv, 0, 0));
  }

  private void bart(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    String why = k == Kind.BART ? "BartConfig default" : "MBartConfig default";
    long h = c.require(1, RawConfig.MAX_WIDTH, "d_model");
    long enc = c.require(1, RawConfig.MAX_COUNT, "encoder_layers");
    long dec = c.require(1, RawConfig.MAX_COUNT, "decoder_layers");
    long eh = c.require(1, RawConfig.MAX_COUNT, "encoder_attention_heads");
    long dh = c.integer(eh, why, 1, RawConfig.MAX_COUNT, "decoder_attention_heads");
    long ef = c.require(1, RawConfig.MAX_WIDTH, "encoder_ffn_dim");
    long df = c.integer(ef, why, 1, RawConfig.MAX_WIDTH, "decoder_ffn_dim");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long ctx = c.integer(1024, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    boolean tied = c.bool(true, why, "tie_word_embeddings");
    b.dims(h, enc + dec, dh, dh, h / dh, df, vocab, ctx, tied);
    b.linear("shared", Role.EMBEDDING, vocab, h, 1, false);
    if (!tied) {
      b.linear("lm_head", Role.LM_HEAD, h, vocab, 1, false);
    }
    b.linear("embed_positions", Role.EMBEDDING, ctx + 2, h, 2, false);
    b.norm("layernorm_embedding", h, 2, true);
    long attn = enc + 2 * dec;
    b.linear("q_proj", Role.ATTENTION, h, h, attn, true);
    b.linear("k_proj", Role.ATTENTION, h, h, attn, true);
    b.linear("v_proj", Role.ATTENTION, h, h, attn, true);
    b.linear("out_proj", Role.ATTENTION, h, h, attn, true);
    b.linear("fc1", Role.MLP, h, ef, enc, true);
    b.linear("fc2", Role.MLP, ef, h, enc, true);
    b.linear("fc1", Role.MLP, h, df, dec, true);
    b.linear("fc2", Role.MLP, df, h, dec, true);
    b.norm("layer_norm", h, 2 * enc + 3 * dec + (k == Kind.MBART ? 2 : 0), true);
    b.cache(CacheGroup.attention(dec, dh, h / dh, h / dh));
    b.cache(new CacheGroup(CacheKind.CROSS, dec, dh, h / dh, h / dh, 0, 0));
  }

  private void bert(RawConfig c, SpecBuilder b, String arch) throws InvalidConfigException {
    String why =
        switch (k) {
          case ROBERTA -> "RobertaConfig default";
          case XLM_ROBERTA -> "XLMRobertaConfig default";
          default -> "BertConfig default";
        };
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long heads = c.require(1, RawConfig.MAX_COUNT, "num_attention_heads");
    long f = c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long ctx = c.integer(512, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    long types = c.integer(2, why, 0, 1 << 16, "type_vocab_size");
    MoeMapper.divide(c, h, heads);
    b.dims(h, layers, heads, heads, h / heads, f, vocab, ctx, true);
    c.assume("encoder-only model: no KV cache");
    b.linear("word_embeddings", Role.EMBEDDING, vocab, h, 1, false);
    b.linear("position_embeddings", Role.EMBEDDING, ctx, h, 1, false);
    if (types > 0) {
      b.linear("token_type_embeddings", Role.EMBEDDING, types, h, 1, false);
    }
    b.norm("embeddings.LayerNorm", h, 1, true);
    b.linear("query", Role.ATTENTION, h, h, layers, true);
    b.linear("key", Role.ATTENTION, h, h, layers, true);
    b.linear("value", Role.ATTENTION, h, h, layers, true);
    b.linear("attention.output.dense", Role.ATTENTION, h, h, layers, true);
    b.norm("attention.output.LayerNorm", h, layers, true);
    b.linear("intermediate.dense", Role.MLP, h, f, layers, true);
    b.linear("output.dense", Role.MLP, f, h, layers, true);
    b.norm("output.LayerNorm", h, layers, true);
    String a = arch == null ? "" : arch;
    if (k == Kind.XLM_ROBERTA) {
      EncoderOnlyMapper.xlmRobertaHeads(c, b, h, vocab, a);
      return;
    }
    boolean mlm =
        a.endsWith("ForMaskedLM") || a.endsWith("ForPreTraining") || a.endsWith("ForCausalLM");
    boolean pooler =
        !a.endsWith("ForMaskedLM")
            && !a.endsWith("ForCausalLM")
            && !a.endsWith("ForTokenClassification")
            && !a.endsWith("ForQuestionAnswering");
    if (pooler) {
      b.linear("pooler.dense", Role.OTHER, h, h, 1, true);
    }
    if (mlm) {
      b.linear("predictions.transform.dense", Role.OTHER, h, h, 1, true);
      b.norm("predictions.transform.LayerNorm", h, 1, true);
      b.norm("predictions.bias", vocab, 1, false);
    }
    if (a.endsWith("ForPreTraining")) {
      b.linear("seq_relationship", Role.OTHER, h, 2, 1, true);
    }
    c.assume(
        "heads counted for "
            + (a.isEmpty() ? "the base model" : a)
            + (pooler ? " (pooler included)" : "")
            + (mlm ? " (masked-LM head, decoder tied)" : ""));
  }
}
