package io.hfvram.spec;

import java.util.List;

/**
 * Zamba and Zamba2 (Zyphra): Mamba layers with shared attention + MLP blocks applied at the hybrid
 * layers through a per-layer linear projection.
 */
final class ZambaMapper {
  private ZambaMapper() {}

  static ModelSpec map(RawConfig c, SpecBuilder b, boolean v2) throws InvalidConfigException {
    String why = v2 ? "Zamba2Config default" : "ZambaConfig default";
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long heads = c.require(1, RawConfig.MAX_COUNT, "num_attention_heads");
    long kv = c.integer(heads, why, 1, RawConfig.MAX_COUNT, "num_key_value_heads");
    long attnWidth = c.integer(2 * h, why, 1, RawConfig.MAX_WIDTH, "attention_hidden_size");
    long hd = c.integer(attnWidth / heads, why, 1, RawConfig.MAX_WIDTH, "attention_head_dim");
    long f = c.integer(4 * h, why, 1, RawConfig.MAX_WIDTH, "intermediate_size");
    long state = c.integer(!v2 ? 16 : 64, why, 1, RawConfig.MAX_WIDTH, "mamba_d_state");
    long conv = c.integer(4, why, 1, 1024, "mamba_d_conv");
    long expand = c.integer(2, why, 1, 64, "mamba_expand");
    boolean tied = c.bool(true, why, "tie_word_embeddings");
    long hybrid = hybridLayers(c, layers, why);
    long blocks = v2 ? c.integer(1, why, 1, RawConfig.MAX_COUNT, "num_mem_blocks") : 1;
    long ctxLen = c.integer(4096, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    SsmMapper.common(b, h, layers, vocab, ctxLen, tied);
    b.numAttentionHeads = heads;
    b.numKeyValueHeads = kv;
    b.headDim = hd;
    b.intermediateSize = f;
    c.assume(
        (v2 ? "zamba2" : "zamba")
            + ": the shared attention blocks ("
            + blocks
            + ") are counted once and"
            + " their per-layer adapters are not; figures are approximate");
    b.embeddings(vocab, h, tied);
    b.norm("input_layernorm", h, layers, false);
    b.norm("final_layernorm", h, 1, false);
    long stateElems;
    if (!v2) {
      long r = SsmMapper.dtRank(c, h, "mamba_dt_rank");
      stateElems = SsmMapper.mamba1(b, layers, h, expand * h, state, conv, r, true, false, false);
    } else {
      long mHeadDim = c.integer(64, why, 1, RawConfig.MAX_WIDTH, "mamba_headdim");
      long groups = c.integer(1, why, 1, RawConfig.MAX_COUNT, "mamba_ngroups");
      stateElems =
          SsmMapper.mamba2(
              b, layers, h, expand * h / mHeadDim, mHeadDim, state, groups, conv, true, false);
    }
    shared(b, h, new long[] {heads, kv, hd, attnWidth, f, blocks});
    b.linear("linear", Role.OTHER, h, h, hybrid, false);
    b.cache(CacheGroup.attention(hybrid, kv, hd, hd));
    b.cache(new CacheGroup(CacheKind.STATE, layers, 0, 0, 0, 0, stateElems));
    return b.build(c);
  }

  /** The shared attention and MLP blocks, counted once each. */
  private static void shared(SpecBuilder b, long h, long[] d) {
    long heads = d[0];
    long kv = d[1];
    long hd = d[2];
    long attnWidth = d[3];
    long f = d[4];
    long blocks = d[5];
    long qWidth = heads * hd;
    b.linear("shared.q_proj", Role.ATTENTION, attnWidth, qWidth, blocks, false);
    b.linear("shared.k_proj", Role.ATTENTION, attnWidth, kv * hd, blocks, false);
    b.linear("shared.v_proj", Role.ATTENTION, attnWidth, kv * hd, blocks, false);
    b.linear("shared.o_proj", Role.ATTENTION, qWidth, h, blocks, false);
    b.gatedMlp("shared.", Role.MLP, blocks, attnWidth == 2 * h ? h : h, f, false, false);
  }

  /** Zamba's hybrid layers: from {@code layers_block_type}, else every period-th from offset. */
  private static long hybridLayers(RawConfig c, long layers, String why)
      throws InvalidConfigException {
    List<?> types = c.list("layers_block_type");
    if (types != null) {
      return types.stream().filter("hybrid"::equals).count();
    }
    long period = c.integer(6, why, 1, RawConfig.MAX_COUNT, "attn_layer_period");
    long offset = c.integer(4, why, 0, RawConfig.MAX_COUNT, "attn_layer_offset");
    long hybrid = 0;
    for (long i = 0; i < layers; i++) {
      if (i % period == offset) {
        hybrid++;
      }
    }
    return hybrid;
  }
}
