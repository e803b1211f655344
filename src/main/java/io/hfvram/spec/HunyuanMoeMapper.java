package io.hfvram.spec;

import java.util.Arrays;
import java.util.List;

/**
 * hunyuan_v1_moe (Hunyuan-A13B): Llama-style attention with per-head q/k norms ({@code
 * query_layernorm}, {@code key_layernorm}), and in every layer a router ({@code gate.wg}, h x
 * experts), routed gated experts of {@code moe_intermediate_size} and a shared MLP of {@code
 * intermediate_size x num_shared_expert}. {@code num_experts}, {@code moe_topk}, {@code
 * moe_intermediate_size} and {@code num_shared_expert} may be one number or one per layer. Defaults
 * follow HunYuanMoEV1Config.
 */
final class HunyuanMoeMapper implements FamilyMapper {
  private static final String WHY = "HunYuanMoEV1Config default";

  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    SpecBuilder b = SpecBuilder.of(ctx);
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long heads = c.require(1, RawConfig.MAX_COUNT, "num_attention_heads");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long kv = c.integer(heads, WHY, 1, RawConfig.MAX_COUNT, "num_key_value_heads");
    long hd = Conventions.headDim(c, h, heads, 0, "");
    long ffn = c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
    long[] experts = perLayer(c, "num_experts", layers, 1);
    long[] topK = perLayer(c, "moe_topk", layers, 1);
    long[] width = perLayer(c, "moe_intermediate_size", layers, ffn);
    long[] shared = perLayer(c, "num_shared_expert", layers, 1);
    boolean tied = c.bool(false, WHY, "tie_word_embeddings");
    b.dims(
        h,
        layers,
        heads,
        kv,
        hd,
        width[0],
        vocab,
        c.integer(2048, WHY, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings"),
        tied);
    b.numExperts = experts[0];
    b.expertsPerToken = topK[0];
    b.embeddings(vocab, h, tied);
    boolean bias = c.bool(false, WHY, "attention_bias");
    b.attention(layers, h, heads, kv, hd, bias, bias, false);
    if (c.bool(true, WHY, "use_qk_norm")) {
      b.norm("query_layernorm", hd, layers, false);
      b.norm("key_layernorm", hd, layers, false);
    }
    b.norm("input_layernorm", h, layers, false);
    b.norm("post_attention_layernorm", h, layers, false);
    b.norm("norm", h, 1, false);
    // Runs of identical layers become one group each (usually one run for the whole model).
    for (int i = 0; i < layers; ) {
      int j = i;
      while (j < layers
          && experts[j] == experts[i]
          && width[j] == width[i]
          && shared[j] == shared[i]) {
        j++;
      }
      long run = j - i;
      b.linear("gate.wg", Role.ROUTER, h, experts[i], run, false);
      long n = Math.multiplyExact(run, experts[i]);
      b.linear("experts.gate_proj", Role.EXPERT, h, width[i], n, false);
      b.linear("experts.up_proj", Role.EXPERT, h, width[i], n, false);
      b.linear("experts.down_proj", Role.EXPERT, width[i], h, n, false);
      if (shared[i] > 0) {
        b.gatedMlp("shared_mlp.", Role.SHARED_EXPERT, run, h, ffn * shared[i], false, false);
      }
      i = j;
    }
    b.cache(CacheGroup.attention(layers, kv, hd, hd));
    return b.build(c);
  }

  /** One number for every layer, or a list with one per layer. */
  private static long[] perLayer(RawConfig c, String key, long layers, long dflt)
      throws InvalidConfigException {
    long[] out = new long[(int) layers];
    Object v = c.raw().get(key);
    if (v instanceof List) {
      List<?> list = c.list(key);
      if (list.size() != layers) {
        throw c.error(
            key, "lists " + list.size() + " values but the model has " + layers + " layers");
      }
      for (int i = 0; i < layers; i++) {
        if (!(list.get(i) instanceof Number) || ((Number) list.get(i)).longValue() < 0) {
          throw c.error(key, "must list non-negative integers");
        }
        out[i] = ((Number) list.get(i)).longValue();
      }
      return out;
    }
    Arrays.fill(out, c.integer(dflt, WHY, 0, RawConfig.MAX_WIDTH, key));
    return out;
  }
}
