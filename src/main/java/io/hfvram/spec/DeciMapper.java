package io.hfvram.spec;

import java.util.List;
import java.util.Map;

/**
 * Nemotron-NAS / DeciLM ({@code nemotron-nas}, {@code deci}): a Llama stack whose layers were
 * pruned one by one, listed in {@code block_configs}. Each block's attention is a GQA attention
 * with {@code num_attention_heads / n_heads_in_group} KV heads, a single hidden x hidden linear
 * ({@code replace_with_linear}) or nothing ({@code no_op}, and then no input norm); each FFN a
 * gated MLP of {@code ffn_mult} (intermediate = 2 x ffn_mult x hidden / 3 rounded up to a multiple
 * of 256), a linear, or nothing. Only real attention layers keep a KV cache, each with its own KV
 * heads.
 */
final class DeciMapper implements FamilyMapper {
  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    String why = "DeciLMConfig default";
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long heads = c.require(1, RawConfig.MAX_COUNT, "num_attention_heads");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long hd = Conventions.headDim(c, h, heads, 0, why);
    boolean tied = Conventions.tied(c, "nemotron-nas", false, why);
    long maxContext = c.integer(2048, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    List<?> blocks = c.list("block_configs");
    if (blocks == null || blocks.isEmpty()) {
      throw c.error("block_configs", "is missing; a DeciLM config lists one block per layer");
    }
    long layers = blocks.size();
    SpecBuilder b = SpecBuilder.of(ctx);
    b.embeddings(vocab, h, tied);
    b.norm("norm", h, 1, false);
    long maxKv = 0;
    long maxFfn = 0;
    for (int i = 0; i < blocks.size(); i++) {
      RawConfig block = c.empty("block_configs." + i);
      if (!(blocks.get(i) instanceof Map)) {
        throw c.error("block_configs", "must list objects");
      }
      block.raw().putAll(asMap(blocks.get(i)));
      RawConfig attn = block.child("attention");
      RawConfig ffn = block.child("ffn");
      long kv = attention(b, attn == null ? block.empty("attention") : attn, h, heads, hd);
      if (kv > 0) {
        b.cache(CacheGroup.attention(1, kv, hd, hd));
        maxKv = Math.max(maxKv, kv);
      }
      maxFfn = Math.max(maxFfn, ffn(b, ffn == null ? block.empty("ffn") : ffn, h));
    }
    b.dims(h, layers, heads, maxKv == 0 ? heads : maxKv, hd, maxFfn, vocab, maxContext, tied);
    mergeCache(b);
    return b.build(c);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  /** One block's attention; returns its KV heads (0 when it keeps no KV cache). */
  private static long attention(SpecBuilder b, RawConfig a, long h, long heads, long hd)
      throws InvalidConfigException {
    if (a.bool(false, null, "no_op")) {
      return 0;
    }
    b.norm("input_layernorm", h, 1, false);
    if (a.bool(false, null, "replace_with_linear")) {
      b.linear("linear_attn", Role.ATTENTION, h, h, 1, false);
      return 0;
    }
    long group = a.require(1, heads, "n_heads_in_group");
    if (heads % group != 0) {
      throw a.error(
          "n_heads_in_group",
          "is " + group + ", which does not divide the " + heads + " attention heads");
    }
    long kv = heads / group;
    b.attention(1, h, heads, kv, hd, false, false, false);
    return kv;
  }

  /** One block's FFN; returns its intermediate width (0 when none). */
  private static long ffn(SpecBuilder b, RawConfig f, long h) throws InvalidConfigException {
    if (f.bool(false, null, "no_op")) {
      return 0;
    }
    b.norm("post_attention_layernorm", h, 1, false);
    if (f.bool(false, null, "replace_with_linear")) {
      b.linear("linear_mlp", Role.MLP, h, h, 1, false);
      return 0;
    }
    Long explicit = f.find(1, RawConfig.MAX_WIDTH, "intermediate_size");
    long width;
    if (explicit != null) {
      width = explicit;
    } else {
      double mult = f.real(Double.NaN, 0, 1024, "ffn_mult");
      if (Double.isNaN(mult)) {
        throw f.error("ffn_mult", "is missing; hf-vram needs it to size the block's FFN");
      }
      width = intermediate(mult, h);
    }
    b.gatedMlp("", Role.MLP, 1, h, width, false, false);
    return width;
  }

  /** DeciLM's rule: int(2 x mult x hidden / 3), rounded up to a multiple of 256. */
  static long intermediate(double mult, long hidden) {
    long n = (long) (2 * mult * hidden / 3);
    return (n + 255) / 256 * 256;
  }

  /** Merges the per-block groups of equal shape (weights and caches) into one group each. */
  private static void mergeCache(SpecBuilder b) {
    List<WeightGroup> w = new java.util.ArrayList<>(b.weights);
    b.weights.clear();
    for (WeightGroup g : w) {
      int at = -1;
      for (int i = 0; i < b.weights.size(); i++) {
        WeightGroup o = b.weights.get(i);
        if (o.module().equals(g.module())
            && o.inFeatures() == g.inFeatures()
            && o.outFeatures() == g.outFeatures()
            && o.bias() == g.bias()
            && o.role() == g.role()) {
          at = i;
        }
      }
      if (at < 0) {
        b.weights.add(g);
      } else {
        WeightGroup o = b.weights.get(at);
        b.weights.set(
            at,
            new WeightGroup(
                o.module(),
                o.role(),
                o.inFeatures(),
                o.outFeatures(),
                o.instances() + g.instances(),
                o.bias()));
      }
    }
    List<CacheGroup> cache = new java.util.ArrayList<>(b.cache);
    b.cache.clear();
    for (CacheGroup g : cache) {
      int at = -1;
      for (int i = 0; i < b.cache.size(); i++) {
        if (b.cache.get(i).kvHeads() == g.kvHeads()) {
          at = i;
        }
      }
      if (at < 0) {
        b.cache.add(g);
      } else {
        CacheGroup o = b.cache.get(at);
        b.cache.set(
            at,
            CacheGroup.attention(o.layers() + g.layers(), o.kvHeads(), o.keyDim(), o.valueDim()));
      }
    }
  }
}
