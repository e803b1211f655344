package io.hfvram.spec;

import java.util.List;

/**
 * Llama 4 ({@code llama4} wrapper with {@code text_config}, and {@code llama4_text}): MoE layers
 * every {@code interleave_moe_layer_step}-th (or those {@code moe_layers} lists) with a router, a
 * shared expert and {@code num_local_experts} gated experts of {@code intermediate_size}; the other
 * layers dense of {@code intermediate_size_mlp}. Query/key norms are parameter-free L2 norms.
 * Layers with RoPE ({@code no_rope_layers[i] == 1}) attend within chunks of {@code
 * attention_chunk_size} tokens; the NoPE layers attend globally. The wrapper adds the vision
 * encoder (unfold patch embedding, ViT with biases, pixel-shuffle MLP) and its projector. Defaults:
 * Llama4TextConfig / Llama4VisionConfig of transformers v4.57.
 */
final class Llama4Mapper implements FamilyMapper {
  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    RawConfig text = Conventions.textConfig(c);
    RawConfig t = text != null ? text : c;
    SpecBuilder b = SpecBuilder.of(ctx);
    textStack(b, t);
    RawConfig vision = c.child("vision_config");
    if (text != null && vision != null) {
      vision(b, vision, b.hiddenSize);
    }
    return b.build(c);
  }

  private static void textStack(SpecBuilder b, RawConfig c) throws InvalidConfigException {
    String why = "Llama4TextConfig default";
    long h = c.integer(5120, why, 1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.integer(48, why, 1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long heads = c.integer(40, why, 1, RawConfig.MAX_COUNT, "num_attention_heads");
    long kv = c.integer(8, why, 1, RawConfig.MAX_COUNT, "num_key_value_heads");
    long hd = Conventions.headDim(c, h, heads, 128, why);
    long vocab = c.integer(202048, why, 1, RawConfig.MAX_VOCAB, "vocab_size");
    long expertWidth = c.integer(8192, why, 1, RawConfig.MAX_WIDTH, "intermediate_size");
    long denseWidth = c.integer(16384, why, 1, RawConfig.MAX_WIDTH, "intermediate_size_mlp");
    long experts = c.integer(16, why, 1, RawConfig.MAX_COUNT, "num_local_experts");
    long topK = c.integer(1, why, 1, experts, "num_experts_per_tok");
    long step = c.integer(1, why, 1, RawConfig.MAX_COUNT, "interleave_moe_layer_step");
    boolean tied = Conventions.tied(c, "llama4_text", false, why);
    long maxContext =
        c.integer(4096 * 32, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    List<?> moeList = c.list("moe_layers");
    long moeLayers = moeList != null ? moeList.size() : layers / step;

    b.dims(h, layers, heads, kv, hd, expertWidth, vocab, maxContext, tied);
    b.numExperts = experts;
    b.expertsPerToken = topK;
    b.embeddings(vocab, h, tied);
    b.attention(layers, h, heads, kv, hd, c.bool(false, null, "attention_bias"), false, false);
    b.norm("input_layernorm", h, layers, false);
    b.norm("post_attention_layernorm", h, layers, false);
    b.norm("norm", h, 1, false);
    b.gatedMlp("", Role.MLP, layers - moeLayers, h, denseWidth, false, false);
    b.linear("router", Role.ROUTER, h, experts, moeLayers, false);
    b.gatedMlp(
        "experts.",
        Role.EXPERT,
        Math.multiplyExact(moeLayers, experts),
        h,
        expertWidth,
        false,
        true);
    b.gatedMlp("shared_expert.", Role.SHARED_EXPERT, moeLayers, h, expertWidth, false, false);
    cache(b, c, layers, kv, hd);
  }

  /** Chunked local attention on the RoPE layers, full attention on the NoPE layers. */
  private static void cache(SpecBuilder b, RawConfig c, long layers, long kv, long hd)
      throws InvalidConfigException {
    long chunk =
        c.integer(
            8192, "Llama4TextConfig default", 0, RawConfig.MAX_CONTEXT, "attention_chunk_size");
    long chunked;
    Conventions.LayerKinds kinds = Conventions.layerTypes(c, layers);
    List<?> rope = c.list("no_rope_layers");
    if (kinds != null) {
      chunked = kinds.chunked() + kinds.sliding();
    } else if (rope != null && rope.size() == layers) {
      chunked =
          rope.stream().filter(v -> v instanceof Number && ((Number) v).intValue() != 0).count();
    } else {
      long interval =
          c.integer(
              4, "Llama4TextConfig default", 1, RawConfig.MAX_COUNT, "no_rope_layer_interval");
      chunked = layers - layers / interval;
    }
    if (chunk == 0) {
      chunked = 0;
    }
    b.cache(CacheGroup.attention(layers - chunked, kv, hd, hd));
    b.cache(CacheGroup.chunked(chunked, kv, hd, hd, chunk));
  }

  /** Llama4VisionModel plus the multi-modal projector into the text width. */
  private static void vision(SpecBuilder b, RawConfig v, long textHidden)
      throws InvalidConfigException {
    String why = "Llama4VisionConfig default";
    long h = v.integer(768, why, 1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = v.integer(34, why, 1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long f = v.integer(5632, why, 1, RawConfig.MAX_WIDTH, "intermediate_size");
    long image = v.integer(448, why, 1, 1 << 16, "image_size");
    long patch = v.integer(14, why, 1, 1 << 12, "patch_size");
    long channels = v.integer(3, why, 1, 64, "num_channels");
    long out = v.integer(4096, why, 1, RawConfig.MAX_WIDTH, "vision_output_dim");
    long projIn = v.integer(4096, why, 1, RawConfig.MAX_WIDTH, "projector_input_dim");
    long projOut = v.integer(4096, why, 1, RawConfig.MAX_WIDTH, "projector_output_dim");
    long side = image / patch;
    b.add(
        new WeightGroup(
            "vision.patch_embedding", Role.VISION, channels * patch * patch, h, 1, false));
    b.add(WeightGroup.norm("vision.class_embedding", h, 1, false));
    b.add(
        new WeightGroup(
            "vision.positional_embedding_vlm", Role.VISION, side * side + 1, h, 1, false));
    b.add(new WeightGroup("vision.layernorm_pre_post", Role.VISION, 1, h, 2, true));
    for (String m : new String[] {"q_proj", "k_proj", "v_proj", "o_proj"}) {
      b.add(new WeightGroup("vision." + m, Role.VISION, h, h, layers, true));
    }
    b.add(new WeightGroup("vision.fc1", Role.VISION, h, f, layers, true));
    b.add(new WeightGroup("vision.fc2", Role.VISION, f, h, layers, true));
    b.add(new WeightGroup("vision.layer_norms", Role.VISION, 1, h, 2 * layers, true));
    b.add(new WeightGroup("vision.vision_adapter.fc1", Role.VISION, f, projIn, 1, false));
    b.add(new WeightGroup("vision.vision_adapter.fc2", Role.VISION, projOut, projOut, 1, false));
    b.add(new WeightGroup("multi_modal_projector", Role.VISION, out, textHidden, 1, false));
  }
}
