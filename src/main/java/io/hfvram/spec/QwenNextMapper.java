package io.hfvram.spec;

/**
 * Qwen3-Next ({@code qwen3_next}) and Qwen3.5/3.6 ({@code qwen3_5}, {@code qwen3_5_moe}, their
 * {@code _text} stacks): hybrid layers from {@code layer_types} (else every {@code
 * full_attention_interval}-th layer full attention). Linear-attention layers are Gated DeltaNet
 * mixers holding a fixed recurrent state ({@code linear_num_value_heads x linear_key_head_dim x
 * linear_value_head_dim}) plus a convolution window per sequence; full-attention layers are gated
 * (q_proj doubled for the output gate) with q/k norms and keep a KV cache. MLPs are dense or MoE
 * with a gated shared expert. Multi-token-prediction layers ({@code mtp_num_hidden_layers}) are
 * stored under {@code mtp.}. The Qwen3.5 wrappers add the Qwen3-VL vision tower. Defaults:
 * Qwen3NextConfig, Qwen3_5TextConfig, Qwen3VLVisionConfig (transformers main, 2026).
 */
final class QwenNextMapper implements FamilyMapper {
  /** The per-layer sizes the stack's parts share. */
  private record Dims(
      long h,
      long heads,
      long kv,
      long hd,
      long experts,
      long expertWidth,
      long sharedWidth,
      long dense) {}

  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    RawConfig text = Conventions.textConfig(c);
    RawConfig t = text != null ? text : c;
    SpecBuilder b = SpecBuilder.of(ctx);
    String why =
        (ctx.modelType().startsWith("qwen3_5") ? "Qwen3_5TextConfig" : "Qwen3NextConfig")
            + " default";
    long h = t.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = t.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long heads = t.integer(16, why, 1, RawConfig.MAX_COUNT, "num_attention_heads");
    long kv = t.integer(2, why, 1, RawConfig.MAX_COUNT, "num_key_value_heads");
    long hd = Conventions.headDim(t, h, heads, 256, why);
    long vocab = t.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long experts = t.integer(0, null, 0, RawConfig.MAX_COUNT, "num_experts");
    long topK = experts > 0 ? t.require(1, experts, "num_experts_per_tok") : 0;
    Dims d = dims(t, h, heads, kv, hd, experts);
    boolean tied = Conventions.tied(t, "qwen3_next", false, why);
    long maxContext = t.integer(32768, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    long full = fullAttentionLayers(t, layers);
    long linear = layers - full;

    long width = experts > 0 ? d.expertWidth() : d.dense();
    b.dims(h, layers, heads, kv, hd, width, vocab, maxContext, tied);
    b.numExperts = experts;
    b.expertsPerToken = topK;
    b.embeddings(vocab, h, tied);
    b.norm("norm", h, 1, false);
    long state = deltaNet(b, t, linear, h, "");
    gatedAttention(b, full, d, "");
    mlp(b, layers, d, "");
    b.norm("input_layernorm", h, layers, false);
    b.norm("post_attention_layernorm", h, layers, false);
    long mtp = Math.max(Conventions.mtpLayers(t), text != null ? Conventions.mtpLayers(c) : 0);
    if (mtp > 0) {
      mtp(b, mtp, d);
      c.assume(
          mtp
              + " multi-token-prediction layer(s) stored under 'mtp.': counted in the"
              + " parameters; served only with speculative decoding");
    }
    b.cache(CacheGroup.attention(full, kv, hd, hd));
    b.cache(CacheGroup.state(linear, state));
    RawConfig vision = c.child("vision_config");
    if (text != null && vision != null) {
      qwen3vl(b, vision, h);
    }
    return b.build(c);
  }

  /** The MLP widths: experts of {@code moe_intermediate_size} and the shared expert, or dense. */
  private static Dims dims(RawConfig t, long h, long heads, long kv, long hd, long experts)
      throws InvalidConfigException {
    long expertWidth = experts > 0 ? t.require(1, RawConfig.MAX_WIDTH, "moe_intermediate_size") : 0;
    long shared =
        experts > 0
            ? t.integer(0, null, 0, RawConfig.MAX_WIDTH, "shared_expert_intermediate_size")
            : 0;
    long dense = t.integer(0, null, 0, RawConfig.MAX_WIDTH, "intermediate_size");
    return new Dims(h, heads, kv, hd, experts, expertWidth, shared, dense);
  }

  /** The MTP layers: fc over [embedding; hidden], their norms, full-attention decoder layers. */
  private static void mtp(SpecBuilder b, long mtp, Dims d) {
    String p = ModelSpec.MTP_PREFIX;
    b.linear(p + "fc", Role.OTHER, 2 * d.h(), d.h(), 1, false);
    b.norm(p + "pre_fc_norms", d.h(), 2, false);
    b.norm(p + "norm", d.h(), 1, false);
    gatedAttention(b, mtp, d, p);
    mlp(b, mtp, d, p);
    b.norm(p + "layer_norms", d.h(), 2 * mtp, false);
  }

  private static long fullAttentionLayers(RawConfig t, long layers) throws InvalidConfigException {
    Conventions.LayerKinds kinds = Conventions.layerTypes(t, layers);
    if (kinds != null) {
      return kinds.full() + kinds.sliding() + kinds.chunked();
    }
    long interval =
        t.integer(4, "Qwen3NextConfig default", 1, RawConfig.MAX_COUNT, "full_attention_interval");
    return layers / interval;
  }

  /** Gated DeltaNet mixers; returns the state elements per layer per sequence. */
  private static long deltaNet(SpecBuilder b, RawConfig t, long layers, long h, String p)
      throws InvalidConfigException {
    String why = "Qwen3NextConfig default";
    long kHeads = t.integer(16, why, 1, RawConfig.MAX_COUNT, "linear_num_key_heads");
    long vHeads = t.integer(32, why, 1, RawConfig.MAX_COUNT, "linear_num_value_heads");
    long kDim = t.integer(128, why, 1, RawConfig.MAX_WIDTH, "linear_key_head_dim");
    long vDim = t.integer(128, why, 1, RawConfig.MAX_WIDTH, "linear_value_head_dim");
    long conv = t.integer(4, why, 1, 1024, "linear_conv_kernel_dim");
    long keyDim = kHeads * kDim;
    long valueDim = vHeads * vDim;
    long convDim = 2 * keyDim + valueDim;
    // qwen3_next fuses (qkvz, ba); qwen3_5 splits (qkv, z, b, a): the same widths in total
    b.linear(p + "linear_attn.in_proj_qkvz", Role.ATTENTION, h, convDim + valueDim, layers, false);
    b.linear(p + "linear_attn.in_proj_ba", Role.ATTENTION, h, 2 * vHeads, layers, false);
    b.add(new WeightGroup(p + "linear_attn.conv1d", Role.ATTENTION, conv, convDim, layers, false));
    b.norm(p + "linear_attn.dt_bias_A_log", vHeads, 2 * layers, false);
    b.norm(p + "linear_attn.norm", vDim, layers, false);
    b.linear(p + "linear_attn.out_proj", Role.ATTENTION, valueDim, h, layers, false);
    return vHeads * kDim * vDim + convDim * (conv - 1);
  }

  /** Full attention with the output gate folded into q_proj, and q/k norms. */
  private static void gatedAttention(SpecBuilder b, long layers, Dims d, String p) {
    long q = d.heads() * d.hd();
    b.linear(p + "q_proj", Role.ATTENTION, d.h(), 2 * q, layers, false);
    b.linear(p + "k_proj", Role.ATTENTION, d.h(), d.kv() * d.hd(), layers, false);
    b.linear(p + "v_proj", Role.ATTENTION, d.h(), d.kv() * d.hd(), layers, false);
    b.linear(p + "o_proj", Role.ATTENTION, q, d.h(), layers, false);
    b.norm(p + "q_norm", d.hd(), layers, false);
    b.norm(p + "k_norm", d.hd(), layers, false);
  }

  private static void mlp(SpecBuilder b, long layers, Dims d, String p) {
    if (d.experts() == 0) {
      b.gatedMlp(p, Role.MLP, layers, d.h(), d.dense(), false, false);
      return;
    }
    b.linear(p + "gate", Role.ROUTER, d.h(), d.experts(), layers, false);
    b.gatedMlp(
        p + "experts.",
        Role.EXPERT,
        Math.multiplyExact(layers, d.experts()),
        d.h(),
        d.expertWidth(),
        false,
        false);
    if (d.sharedWidth() > 0) {
      b.gatedMlp(
          p + "shared_expert.", Role.SHARED_EXPERT, layers, d.h(), d.sharedWidth(), false, false);
      b.linear(p + "shared_expert_gate", Role.ROUTER, d.h(), 1, layers, false);
    }
  }

  /** Qwen3-VL's ViT (LayerNorm, plain MLP, learned positions) and its patch merger. */
  private static void qwen3vl(SpecBuilder b, RawConfig v, long textHidden)
      throws InvalidConfigException {
    String why = "Qwen3VLVisionConfig default";
    long depth = v.integer(27, why, 1, RawConfig.MAX_COUNT, "depth");
    long e = v.integer(1152, why, 1, RawConfig.MAX_WIDTH, "hidden_size");
    long f = v.integer(4304, why, 1, RawConfig.MAX_WIDTH, "intermediate_size");
    long out = v.integer(textHidden, why, 1, RawConfig.MAX_WIDTH, "out_hidden_size");
    long ch = v.integer(3, why, 1, 64, "in_channels", "in_chans");
    long p = v.integer(16, why, 1, 1 << 12, "patch_size");
    long tp = v.integer(2, why, 1, 64, "temporal_patch_size");
    long merge = v.integer(2, why, 1, 64, "spatial_merge_size");
    long positions = v.integer(2304, why, 1, 1 << 20, "num_position_embeddings");
    b.add(new WeightGroup("visual.patch_embed", Role.VISION, ch * tp * p * p, e, 1, true));
    b.add(new WeightGroup("visual.pos_embed", Role.VISION, positions, e, 1, false));
    b.add(new WeightGroup("visual.norm", Role.VISION, 1, e, 2 * depth, true));
    b.add(new WeightGroup("visual.qkv", Role.VISION, e, 3 * e, depth, true));
    b.add(new WeightGroup("visual.proj", Role.VISION, e, e, depth, true));
    b.add(new WeightGroup("visual.linear_fc1", Role.VISION, e, f, depth, true));
    b.add(new WeightGroup("visual.linear_fc2", Role.VISION, f, e, depth, true));
    long m = e * merge * merge;
    b.add(new WeightGroup("visual.merger.norm", Role.VISION, 1, e, 1, true));
    b.add(new WeightGroup("visual.merger.linear_fc1", Role.VISION, m, m, 1, true));
    b.add(new WeightGroup("visual.merger.linear_fc2", Role.VISION, m, out, 1, true));
  }
}
