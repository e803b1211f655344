package io.hfvram.spec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gemma 3n ({@code gemma3n}, and {@code gemma3n_text} alone), after transformers' modeling_gemma3n
 * (v4.57): per-layer embeddings ({@code embed_tokens_per_layer}, projected from the residual by
 * {@code per_layer_model_projection}), AltUp (extra residual streams, their projections and
 * per-layer routers), Laurel (a low-rank side branch per layer), and KV sharing: the last {@code
 * num_kv_shared_layers} layers reuse the KV of earlier layers and keep no cache of their own. The
 * multimodal model adds the USM conformer audio tower, the MobileNet-V5 vision tower and one
 * embedder for each (docs/formulas.md, "Gemma 3n").
 */
final class Gemma3nMapper implements FamilyMapper {
  /**
   * Parameters of timm's {@code mobilenetv5_300m_enc}: not derived from its block list (timm code,
   * not the config, defines it) but the residue of google/gemma-3n-E2B-it's published total
   * (5,439,438,272) once text, audio and embedders are counted; E4B-it's total (7,849,978,192) then
   * matches exactly with the same constant.
   */
  static final long MOBILENET_V5_300M = 294_126_912L;

  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    RawConfig t = c.child("text_config");
    boolean wrapper = t != null;
    t = wrapper ? t : c;
    SpecBuilder b = SpecBuilder.of(ctx);
    Dims d = text(b, t);
    if (wrapper) {
      RawConfig audio = c.child("audio_config");
      if (audio != null) {
        audio(b, audio, d.h());
      }
      RawConfig vision = c.child("vision_config");
      if (vision != null) {
        vision(b, c, vision, d.h());
      }
    }
    cache(b, t, d);
    return b.build(c);
  }

  private record Dims(long h, long layers, long kv, long hd) {}

  /** The text stack: embeddings, per-layer inputs, AltUp, Laurel, attention and MLP. */
  private static Dims text(SpecBuilder b, RawConfig t) throws InvalidConfigException {
    String why = "Gemma3nTextConfig default";
    long h = t.integer(2048, why, 1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = t.integer(35, why, 1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long heads = t.integer(8, why, 1, RawConfig.MAX_COUNT, "num_attention_heads");
    long kv = t.integer(2, why, 1, RawConfig.MAX_COUNT, "num_key_value_heads");
    long hd = t.integer(256, why, 1, RawConfig.MAX_WIDTH, "head_dim");
    long vocab = t.integer(262_400, why, 1, RawConfig.MAX_VOCAB, "vocab_size");
    long pleVocab = t.integer(262_144, why, 1, RawConfig.MAX_VOCAB, "vocab_size_per_layer_input");
    long ple = t.integer(256, why, 1, RawConfig.MAX_WIDTH, "hidden_size_per_layer_input");
    long altup = t.integer(4, why, 1, 64, "altup_num_inputs");
    long rank = t.integer(64, why, 1, RawConfig.MAX_WIDTH, "laurel_rank");
    long ctxLen = t.integer(32_768, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    boolean tied = Conventions.tied(t, "gemma3n_text", true, why);
    Map<Long, Long> ffn = ffnWidths(t, layers);
    b.dims(h, layers, heads, kv, hd, ffn.keySet().iterator().next(), vocab, ctxLen, tied);
    b.embeddings(vocab, h, tied);
    b.linear("embed_tokens_per_layer", Role.EMBEDDING, pleVocab, layers * ple, 1, false);
    b.linear("per_layer_model_projection", Role.OTHER, h, layers * ple, 1, false);
    b.norm("per_layer_projection_norm", ple, 1, false);
    b.linear("altup_projections", Role.OTHER, h, h, altup - 1, false);
    b.linear("altup_unembed_projections", Role.OTHER, h, h, altup - 1, false);
    b.norm("norm", h, 1, false);
    b.attention(layers, h, heads, kv, hd, false, false, false);
    b.norm("q_norm", hd, layers, false);
    b.norm("k_norm", hd, layers, false);
    ffn.forEach((width, n) -> b.gatedMlp("", Role.MLP, n, h, width, false, false));
    for (String n :
        List.of(
            "input_layernorm",
            "post_attention_layernorm",
            "pre_feedforward_layernorm",
            "post_feedforward_layernorm",
            "post_per_layer_input_norm",
            "correct_output_scale",
            "router_norm",
            "post_laurel_norm")) {
      b.norm(n, h, layers, false);
    }
    b.linear("correction_coefs", Role.OTHER, altup, altup, layers, false);
    b.linear("prediction_coefs", Role.OTHER, altup, altup * altup, layers, false);
    b.linear("modality_router", Role.OTHER, h, altup, layers, false);
    b.linear("linear_left", Role.OTHER, h, rank, layers, false);
    b.linear("linear_right", Role.OTHER, rank, h, layers, false);
    b.linear("per_layer_input_gate", Role.OTHER, h, ple, layers, false);
    b.linear("per_layer_projection", Role.OTHER, ple, h, layers, false);
    return new Dims(h, layers, kv, hd);
  }

  /** MLP width to layer count: {@code intermediate_size} is one width or one per layer. */
  private static Map<Long, Long> ffnWidths(RawConfig t, long layers) throws InvalidConfigException {
    Map<Long, Long> out = new TreeMap<>();
    List<?> list =
        t.raw().get("intermediate_size") instanceof List ? t.list("intermediate_size") : null;
    if (list == null) {
      out.put(
          t.integer(
              16_384, "Gemma3nTextConfig default", 1, RawConfig.MAX_WIDTH, "intermediate_size"),
          layers);
      return out;
    }
    if (list.size() != layers) {
      throw t.error(
          "intermediate_size",
          "lists " + list.size() + " widths but the model has " + layers + " layers");
    }
    for (Object o : list) {
      if (!(o instanceof Long) || (Long) o < 1 || (Long) o > RawConfig.MAX_WIDTH) {
        throw t.error("intermediate_size", "must list positive integer widths");
      }
      out.merge((Long) o, 1L, Long::sum);
    }
    return out;
  }

  /**
   * The cache: layers before the shared tail own K and V, full or sliding by {@code layer_types}
   * (default: every fifth layer full); the shared tail keeps none.
   */
  private static void cache(SpecBuilder b, RawConfig t, Dims d) throws InvalidConfigException {
    long shared = t.integer(15, "Gemma3nTextConfig default", 0, d.layers(), "num_kv_shared_layers");
    shared = Math.min(shared, d.layers());
    long own = d.layers() - shared;
    long window =
        t.integer(512, "Gemma3nTextConfig default", 1, RawConfig.MAX_CONTEXT, "sliding_window");
    List<?> types = t.list("layer_types");
    if (types != null && types.size() != d.layers()) {
      throw t.error(
          "layer_types", "lists " + types.size() + " layers but the model has " + d.layers());
    }
    long full = 0;
    for (int i = 0; i < own; i++) {
      String type =
          types == null
              ? ((i + 1) % 5 == 0 ? "full" : "sliding")
              : String.valueOf(types.get(i)).toLowerCase(Locale.ROOT);
      full += type.contains("sliding") ? 0 : 1;
    }
    if (types == null) {
      t.assume("'layer_types' absent: every fifth layer full attention (Gemma3nTextConfig)");
    }
    b.cache(CacheGroup.attention(full, d.kv(), d.hd(), d.hd()));
    b.cache(CacheGroup.sliding(own - full, d.kv(), d.hd(), d.hd(), window));
    if (shared > 0) {
      t.assume(
          "the last "
              + shared
              + " layers reuse earlier layers' KV"
              + " (num_kv_shared_layers): no cache of their own");
    }
  }

  /**
   * The USM conformer audio encoder: a two-conv subsampler, then per block two half-step FFNs (4x),
   * relative-position attention and a light depthwise conv; plus the audio embedder.
   */
  private static void audio(SpecBuilder b, RawConfig a, long textH) throws InvalidConfigException {
    String why = "Gemma3nAudioConfig default";
    long h = a.integer(1536, why, 1, RawConfig.MAX_WIDTH, "hidden_size");
    long blocks = a.integer(12, why, 1, RawConfig.MAX_COUNT, "conf_num_hidden_layers");
    long heads = a.integer(8, why, 1, RawConfig.MAX_COUNT, "conf_num_attention_heads");
    long kernel = a.integer(5, why, 1, 1024, "conf_conv_kernel_size");
    long feat = a.integer(128, why, 1, RawConfig.MAX_WIDTH, "input_feat_size");
    long vocab = a.integer(128, why, 1, RawConfig.MAX_VOCAB, "vocab_size");
    long c0 = 128;
    long c1 = 32;
    List<?> ch = a.list("sscp_conv_channel_size");
    if (ch != null && ch.size() == 2 && ch.get(0) instanceof Long && ch.get(1) instanceof Long) {
      c0 = (Long) ch.get(0);
      c1 = (Long) ch.get(1);
    }
    long fOut = ((feat + 2 - 3) / 2 + 1 + 2 - 3) / 2 + 1; // two 3x3 convs, stride 2, pad 1
    String p = "audio_tower.";
    b.add(new WeightGroup(p + "subsample_conv_projection.conv_0", Role.VISION, 9, c0, 1, false));
    b.add(
        new WeightGroup(p + "subsample_conv_projection.conv_1", Role.VISION, 9 * c0, c1, 1, false));
    b.add(vector(p + "subsample_conv_projection.norms", c0 + c1, 1, false));
    b.linear(p + "input_proj_linear", Role.VISION, fOut * c1, h, 1, false);
    b.linear(p + "ffw_layer_1", Role.VISION, h, 4 * h, 2 * blocks, false);
    b.linear(p + "ffw_layer_2", Role.VISION, 4 * h, h, 2 * blocks, false);
    b.linear(p + "attn.qkv_pos_post", Role.VISION, h, h, 5 * blocks, false);
    b.add(vector(p + "per_dim_scale", h / heads, blocks, false));
    b.linear(p + "lconv1d.linear_start", Role.VISION, h, 2 * h, blocks, false);
    b.linear(p + "lconv1d.linear_end", Role.VISION, h, h, blocks, false);
    b.add(new WeightGroup(p + "lconv1d.depthwise_conv1d", Role.VISION, kernel, h, blocks, false));
    b.add(vector(p + "norms", h, 9 * blocks, false));
    embedder(b, "embed_audio.", vocab, h, textH);
  }

  /** The MobileNet-V5 vision tower (a published constant) and the vision embedder. */
  private static void vision(SpecBuilder b, RawConfig c, RawConfig v, long textH)
      throws InvalidConfigException {
    String arch = v.string("mobilenetv5_300m_enc", "architecture");
    long h = v.integer(2048, "Gemma3nVisionConfig default", 1, RawConfig.MAX_WIDTH, "hidden_size");
    long vocab =
        v.integer(128, "Gemma3nVisionConfig default", 1, RawConfig.MAX_VOCAB, "vocab_size");
    b.add(vector("vision_tower.timm_model", MOBILENET_V5_300M, 1, false));
    if (!"mobilenetv5_300m_enc".equals(arch)) {
      c.assume("vision tower '" + arch + "' sized as mobilenetv5_300m_enc: approximate");
    } else {
      c.assume(
          "vision tower mobilenetv5_300m_enc: "
              + MOBILENET_V5_300M
              + " parameters, the"
              + " residue of gemma-3n-E2B-it's published total (E4B-it's total then matches)");
    }
    embedder(b, "embed_vision.", vocab, h, textH);
  }

  /** A tower's vector parameters (norm scales, conv and attention scales). */
  private static WeightGroup vector(String module, long width, long instances, boolean bias) {
    return new WeightGroup(module, Role.VISION, 1, width, instances, bias);
  }

  /** Gemma3nMultimodalEmbedder: soft-token embedding, two norms, projection to the text. */
  private static void embedder(SpecBuilder b, String p, long vocab, long h, long textH) {
    b.linear(p + "embedding", Role.VISION, vocab, h, 1, false);
    b.add(vector(p + "hard_soft_embedding_norm", h, 2, false));
    b.linear(p + "embedding_projection", Role.VISION, h, textH, 1, false);
  }
}
