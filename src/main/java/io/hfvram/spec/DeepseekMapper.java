package io.hfvram.spec;

/**
 * DeepSeek-V2/V3 (and Kimi K2, which uses the V3 layout; DeepSeek-V3.2 adds its indexer):
 * multi-head latent attention (MLA) and a mixture of experts with shared experts. The first {@code
 * first_k_dense_replace} layers are dense; after them every {@code moe_layer_freq}-th layer is MoE.
 * Multi-token-prediction layers ({@code num_nextn_predict_layers}) are stored in the checkpoint, so
 * they are counted, under {@link ModelSpec#MTP_PREFIX}: each a full MoE decoder layer plus its
 * enorm/hnorm, eh_proj (2 x hidden to hidden) and its own copy of the embedding and of the head
 * (shared_head); neither transformers nor vLLM without speculative decoding loads them ({@link
 * ModelSpec#withoutMtp}). The KV cache holds {@code kv_lora_rank + qk_rope_head_dim} elements per
 * layer per token (DeepSeek-V2 paper, arXiv:2405.04434, Table 1).
 */
final class DeepseekMapper implements FamilyMapper {
  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    SpecBuilder b = SpecBuilder.of(ctx);
    String why = "DeepseekV3Config default";
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long heads = c.require(1, RawConfig.MAX_COUNT, "num_attention_heads");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long dense = c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
    long kvLora = c.require(1, RawConfig.MAX_WIDTH, "kv_lora_rank");
    Long qLora = c.find(1, RawConfig.MAX_WIDTH, "q_lora_rank");
    long rope = c.require(1, RawConfig.MAX_WIDTH, "qk_rope_head_dim");
    long nope = c.require(1, RawConfig.MAX_WIDTH, "qk_nope_head_dim");
    long v = c.require(1, RawConfig.MAX_WIDTH, "v_head_dim");
    long experts = c.integer(0, null, 0, RawConfig.MAX_COUNT, "n_routed_experts");
    long topK = experts > 0 ? c.require(1, experts, "num_experts_per_tok") : 0;
    long expertWidth = experts > 0 ? c.require(1, RawConfig.MAX_WIDTH, "moe_intermediate_size") : 0;
    long shared = c.integer(0, null, 0, RawConfig.MAX_COUNT, "n_shared_experts");
    long firstDense = c.integer(0, null, 0, RawConfig.MAX_COUNT, "first_k_dense_replace");
    long freq = c.integer(1, null, 1, RawConfig.MAX_COUNT, "moe_layer_freq");
    boolean tied = c.bool(false, why, "tie_word_embeddings");
    long maxContext = c.integer(4096, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    long mtp = c.integer(0, null, 0, RawConfig.MAX_COUNT, "num_nextn_predict_layers");
    noteMtp(c, mtp);

    b.dims(
        h,
        layers,
        heads,
        heads,
        nope + rope,
        experts > 0 ? expertWidth : dense,
        vocab,
        maxContext,
        tied);
    b.numExperts = experts;
    b.expertsPerToken = topK;

    b.embeddings(vocab, h, tied);
    Mla mla = new Mla(qLora, kvLora, rope, nope, v);
    attention(b, "", h, heads, layers, mla);
    b.norm("input_layernorm", h, layers, false);
    b.norm("post_attention_layernorm", h, layers, false);
    b.norm("norm", h, 1, false);

    long moeLayers = experts > 0 ? moeLayers(layers, firstDense, freq) : 0;
    b.gatedMlp("", Role.MLP, layers - moeLayers, h, dense, false, false);
    if (moeLayers > 0) {
      experts(b, h, moeLayers, new long[] {experts, expertWidth, shared});
    }
    if (mtp > 0 && experts > 0) {
      mtp(b, mtp, vocab, h, heads, mla, new long[] {experts, expertWidth, shared});
    }
    b.cache(new CacheGroup(CacheKind.MLA, layers, 1, kvLora + rope, 0, 0, 0));
    indexer(b, c, layers, h, qLora);
    return b.build(c);
  }

  private static void noteMtp(RawConfig c, long mtp) {
    if (mtp > 0) {
      c.assume(
          mtp
              + " multi-token-prediction layer(s) stored under 'mtp.': counted in the"
              + " parameters; served only with speculative decoding");
    }
  }

  /** The routed experts of the MoE layers, their router and the shared experts. */
  private static void experts(SpecBuilder b, long h, long moeLayers, long[] moe) {
    long experts = moe[0];
    long expertWidth = moe[1];
    long shared = moe[2];
    b.linear("gate", Role.ROUTER, h, experts, moeLayers, false);
    long n = Math.multiplyExact(moeLayers, experts);
    b.linear("experts.gate_proj", Role.EXPERT, h, expertWidth, n, false);
    b.linear("experts.up_proj", Role.EXPERT, h, expertWidth, n, false);
    b.linear("experts.down_proj", Role.EXPERT, expertWidth, h, n, false);
    if (shared > 0) {
      b.gatedMlp(
          "shared_experts.", Role.SHARED_EXPERT, moeLayers, h, shared * expertWidth, false, false);
    }
  }

  /** The MTP modules: one MoE decoder layer each, with its norms, eh_proj, embedding and head. */
  private static void mtp(
      SpecBuilder b, long mtp, long vocab, long h, long heads, Mla mla, long[] moe) {
    long experts = moe[0];
    long expertWidth = moe[1];
    long shared = moe[2];
    String p = ModelSpec.MTP_PREFIX;
    attention(b, p, h, heads, mtp, mla);
    b.norm(p + "layer_norms", h, 5 * mtp, false);
    b.linear(p + "eh_proj", Role.OTHER, 2 * h, h, mtp, false);
    b.linear(p + "embed_tokens", Role.EMBEDDING, vocab, h, mtp, false);
    b.linear(p + "shared_head.head", Role.LM_HEAD, h, vocab, mtp, false);
    b.linear(p + "gate", Role.ROUTER, h, experts, mtp, false);
    b.gatedMlp(
        p + "experts.",
        Role.EXPERT,
        Math.multiplyExact(mtp, experts),
        h,
        expertWidth,
        false,
        false);
    if (shared > 0) {
      b.gatedMlp(
          p + "shared_experts.", Role.SHARED_EXPERT, mtp, h, shared * expertWidth, false, false);
    }
  }

  /**
   * DeepSeek-V3.2's lightning indexer (DeepSeek Sparse Attention), in every layer: {@code wq_b}
   * (q_lora_rank x index heads x index head_dim), {@code wk} (h x index head_dim), a LayerNorm
   * {@code k_norm} and {@code weights_proj} (h x index heads). It caches one index key of {@code
   * index_head_dim} per token per layer beside the MLA latent.
   */
  private static void indexer(SpecBuilder b, RawConfig c, long layers, long h, Long qLora)
      throws InvalidConfigException {
    if (!c.has("index_n_heads")) {
      return;
    }
    long heads = c.require(1, RawConfig.MAX_COUNT, "index_n_heads");
    long dim =
        c.integer(128, "DeepseekV32Config default", 1, RawConfig.MAX_WIDTH, "index_head_dim");
    long q = qLora == null ? h : qLora;
    b.linear("indexer.wq_b", Role.ATTENTION, q, heads * dim, layers, false);
    b.linear("indexer.wk", Role.ATTENTION, h, dim, layers, false);
    b.norm("indexer.k_norm", dim, layers, true);
    b.linear("indexer.weights_proj", Role.ATTENTION, h, heads, layers, false);
    b.cache(new CacheGroup(CacheKind.ATTENTION, layers, 1, dim, 0, 0, 0));
  }

  /** The latent-attention widths: query LoRA rank (null: a plain q_proj), KV rank, head dims. */
  private record Mla(Long qLora, long kvLora, long rope, long nope, long v) {}

  private static void attention(SpecBuilder b, String p, long h, long heads, long layers, Mla m) {
    long qk = m.nope() + m.rope();
    if (m.qLora() == null) {
      b.linear(p + "q_proj", Role.ATTENTION, h, heads * qk, layers, false);
    } else {
      b.linear(p + "q_a_proj", Role.ATTENTION, h, m.qLora(), layers, false);
      b.norm(p + "q_a_layernorm", m.qLora(), layers, false);
      b.linear(p + "q_b_proj", Role.ATTENTION, m.qLora(), heads * qk, layers, false);
    }
    b.linear(p + "kv_a_proj_with_mqa", Role.ATTENTION, h, m.kvLora() + m.rope(), layers, false);
    b.norm(p + "kv_a_layernorm", m.kvLora(), layers, false);
    b.linear(
        p + "kv_b_proj", Role.ATTENTION, m.kvLora(), heads * (m.nope() + m.v()), layers, false);
    b.linear(p + "o_proj", Role.ATTENTION, heads * m.v(), h, layers, false);
  }

  /** Layers from {@code firstDense} on, every {@code freq}-th, are MoE. */
  private static long moeLayers(long layers, long firstDense, long freq) {
    long n = 0;
    for (long i = 0; i < layers; i++) {
      if (i >= firstDense && i % freq == 0) {
        n++;
      }
    }
    return n;
  }
}
