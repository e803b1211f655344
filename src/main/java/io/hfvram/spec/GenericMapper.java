package io.hfvram.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Configs of unknown {@code model_type}: read through the common key aliases as a Llama-like
 * decoder (gated MLP for SiLU/SwiGLU activations, plain otherwise). A wrapper with a known nested
 * {@code text_config} maps that stack and adds a CLIP-like vision tower when a {@code
 * vision_config} is present. The assumptions trail says the figures are approximate.
 */
final class GenericMapper implements FamilyMapper {
  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    RawConfig text = Conventions.textConfig(c);
    if (text != null
        && (ConfigMapper.supports(text.string(null, "model_type")) || !c.has("hidden_size"))) {
      return wrapper(c, ctx, text);
    }
    Dims d = dims(c, ctx);
    long h = d.h();
    long layers = d.layers();
    long heads = d.heads();
    long vocab = d.vocab();
    long kv = d.kv();
    long hd = d.hd();
    long f = d.f();
    long ctxLen = d.ctxLen();
    boolean tied = Conventions.tied(c, ctx.modelType(), false, "generic default");
    String act =
        c.string("", "hidden_act", "activation_function", "hidden_activation")
            .toLowerCase(Locale.ROOT);
    boolean gated =
        act.contains("silu")
            || act.contains("swiglu")
            || act.contains("swish")
            || act.contains("geglu");
    c.assume(
        "generic layout: "
            + (gated ? "gated" : "plain")
            + " MLP (from the activation '"
            + act
            + "'), RMSNorm, no biases");
    SpecBuilder b = SpecBuilder.of(ctx);
    b.dims(h, layers, heads, kv, hd, f, vocab, ctxLen, tied);
    b.embeddings(vocab, h, tied);
    b.attention(layers, h, heads, kv, hd, false, false, false);
    if (gated) {
      b.gatedMlp("", Role.MLP, layers, h, f, false, false);
    } else {
      b.linear("up_proj", Role.MLP, h, f, layers, false);
      b.linear("down_proj", Role.MLP, f, h, layers, false);
    }
    b.norm("input_layernorm", h, layers, false);
    b.norm("post_attention_layernorm", h, layers, false);
    b.norm("norm", h, 1, false);
    long window = c.integer(0, null, 0, RawConfig.MAX_CONTEXT, "sliding_window");
    Layers.attentionCache(b, c, layers, kv, hd, hd, window, window > 0 ? layers : 0);
    return b.build(c);
  }

  /** The dimensions read through the common key aliases. */
  private record Dims(
      long h, long layers, long heads, long vocab, long kv, long hd, long f, long ctxLen) {}

  /** The required sizes (an error naming every one missing), KV heads and head_dim. */
  private static Dims dims(RawConfig c, Context ctx) throws InvalidConfigException {
    List<String> missing = new ArrayList<>();
    Long h = find(c, missing, "hidden_size", "d_model", "n_embd", "n_embed", "dim", "model_dim");
    Long layers = find(c, missing, "num_hidden_layers", "n_layer", "num_layers", "n_layers");
    Long heads = find(c, missing, "num_attention_heads", "n_head", "num_heads", "n_heads");
    Long vocab = find(c, missing, "vocab_size", "padded_vocab_size", "n_vocab");
    if (!missing.isEmpty()) {
      throw c.error(
          null,
          "cannot be read: model_type '"
              + ctx.modelType()
              + "' is not known and"
              + " the config lacks "
              + String.join(", ", missing));
    }
    long kv =
        c.integer(
            heads,
            "no KV-head key: multi-head attention assumed",
            1,
            RawConfig.MAX_COUNT,
            "num_key_value_heads",
            "n_head_kv",
            "num_kv_heads",
            "multi_query_group_num",
            "num_query_groups");
    if (heads % kv != 0) {
      throw c.error(
          "num_key_value_heads",
          "is " + kv + ", which does not divide the " + heads + " attention heads");
    }
    Long hdExplicit = c.find(1, RawConfig.MAX_WIDTH, "head_dim", "kv_channels", "d_kv");
    long hd = hdExplicit != null ? hdExplicit : MoeMapper.divide(c, h, heads);
    long[] widths = widths(c, h);
    return new Dims(h, layers, heads, vocab, kv, hd, widths[0], widths[1]);
  }

  /** The MLP width and the context, with their documented defaults. */
  private static long[] widths(RawConfig c, long h) throws InvalidConfigException {
    long f =
        c.integer(
            4 * h,
            "no MLP-width key: 4 x hidden assumed",
            1,
            RawConfig.MAX_WIDTH,
            "intermediate_size",
            "ffn_hidden_size",
            "n_inner",
            "ffn_dim",
            "d_ff");
    long ctxLen =
        c.integer(
            4096,
            "no context key: 4096 assumed",
            1,
            RawConfig.MAX_CONTEXT,
            "max_position_embeddings",
            "n_positions",
            "max_seq_len",
            "seq_length",
            "n_ctx",
            "max_sequence_length");
    return new long[] {f, ctxLen};
  }

  /** A wrapper around a known text stack, plus a CLIP-like vision tower when one is given. */
  private static ModelSpec wrapper(RawConfig c, Context ctx, RawConfig text)
      throws InvalidConfigException {
    String declared = text.string(null, "model_type");
    String type = declared == null ? ctx.modelType() : declared.toLowerCase(Locale.ROOT);
    FamilyMapper m = ConfigMapper.supports(type) ? ConfigMapper.mapper(type) : new GenericMapper();
    ModelSpec t = m.map(text, new Context(type, ctx.architecture(), ctx.dtype(), true));
    SpecBuilder b = SpecBuilder.from(t);
    b.modelType = ctx.modelType();
    RawConfig vision = c.child("vision_config");
    if (vision != null && vision.has("hidden_size")) {
      long vh = VisionTowers.clip(b, vision, true);
      b.add(new WeightGroup("multi_modal_projector", Role.VISION, vh, t.hiddenSize(), 1, true));
      c.assume(
          "vision tower of '"
              + ctx.modelType()
              + "' sized as a SigLIP-like encoder plus"
              + " one projector: approximate");
    }
    return b.build(c);
  }

  private static Long find(RawConfig c, List<String> missing, String... keys)
      throws InvalidConfigException {
    Long v =
        c.find(
            1,
            keys[0].contains("vocab")
                ? RawConfig.MAX_VOCAB
                : keys[0].contains("layer") || keys[0].contains("head")
                    ? RawConfig.MAX_COUNT
                    : RawConfig.MAX_WIDTH,
            keys);
    if (v == null) {
      missing.add(
          "'"
              + keys[0]
              + "' (or "
              + String.join(", ", java.util.Arrays.asList(keys).subList(1, keys.length))
              + ")");
    }
    return v;
  }
}
