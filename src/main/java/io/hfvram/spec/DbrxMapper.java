package io.hfvram.spec;

/**
 * DBRX: fused Wqkv attention with {@code attn_config.kv_n_heads}, LayerNorms without bias, and
 * {@code ffn_config.moe_num_experts} gated experts of {@code ffn_hidden_size}, top-k routed.
 */
final class DbrxMapper implements FamilyMapper {
  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    SpecBuilder b = SpecBuilder.of(ctx);
    long h = c.require(1, RawConfig.MAX_WIDTH, "d_model");
    long layers = c.require(1, RawConfig.MAX_COUNT, "n_layers");
    long heads = c.require(1, RawConfig.MAX_COUNT, "n_heads");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    RawConfig attn = c.child("attn_config");
    RawConfig ffn = c.child("ffn_config");
    if (ffn == null) {
      throw c.error("ffn_config", "is missing; hf-vram needs the expert sizes");
    }
    long kv =
        attn == null
            ? 1
            : attn.integer(1, "DbrxAttentionConfig default", 1, RawConfig.MAX_COUNT, "kv_n_heads");
    long f = ffn.require(1, RawConfig.MAX_WIDTH, "ffn_hidden_size");
    long experts = ffn.require(1, RawConfig.MAX_COUNT, "moe_num_experts");
    long topK = ffn.require(1, experts, "moe_top_k");
    long hd = MoeMapper.divide(c, h, heads);
    boolean tied = c.bool(false, "DbrxConfig default", "tie_word_embeddings");
    b.dims(
        h,
        layers,
        heads,
        kv,
        hd,
        f,
        vocab,
        c.integer(2048, "DbrxConfig default", 1, RawConfig.MAX_CONTEXT, "max_seq_len"),
        tied);
    b.numExperts = experts;
    b.expertsPerToken = topK;
    b.embeddings(vocab, h, tied);
    b.linear("Wqkv", Role.ATTENTION, h, (heads + 2 * kv) * hd, layers, false);
    b.linear("out_proj", Role.ATTENTION, heads * hd, h, layers, false);
    b.norm("norm_1", h, layers, false);
    b.norm("norm_2", h, layers, false);
    b.norm("norm_f", h, 1, false);
    b.linear("router", Role.ROUTER, h, experts, layers, false);
    long n = Math.multiplyExact(layers, experts);
    b.linear("experts.w1", Role.EXPERT, h, f, n, false);
    b.linear("experts.v1", Role.EXPERT, h, f, n, false);
    b.linear("experts.w2", Role.EXPERT, f, h, n, false);
    b.cache(CacheGroup.attention(layers, kv, hd, hd));
    return b.build(c);
  }
}
