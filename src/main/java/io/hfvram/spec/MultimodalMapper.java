package io.hfvram.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Multimodal wrappers: llava (CLIP + Llama), qwen2_vl and qwen2_5_vl (ViT + Qwen2), gemma3 (SigLIP
 * + Gemma 3), mllama (vision encoder + Llama with cross-attention layers), idefics3 (SigLIP +
 * Llama) and mistral3 (Pixtral + Mistral: Mistral-Small-3.x). The text stack is mapped by its own
 * family mapper with class defaults for absent keys (wrappers' nested configs are often sparse);
 * the vision tower and the projector count into the weights with role VISION.
 */
final class MultimodalMapper implements FamilyMapper {
  enum Kind {
    LLAVA,
    QWEN2_VL,
    QWEN2_5_VL,
    GEMMA3,
    MLLAMA,
    IDEFICS3,
    MISTRAL3
  }

  private final Kind k;

  MultimodalMapper(Kind kind) {
    this.k = kind;
  }

  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    RawConfig text = c.child("text_config");
    RawConfig vision = c.child("vision_config");
    String textType;
    RawConfig textCfg;
    switch (k) {
      case QWEN2_VL:
      case QWEN2_5_VL:
        textCfg = text != null && text.has("hidden_size") ? text : c;
        textType = "qwen2";
        break;
      case GEMMA3:
        textCfg = text != null ? text : c;
        textType = "gemma3_text";
        break;
      case MISTRAL3:
        textCfg = text != null ? text : c;
        textType = "mistral";
        break;
      default:
        textCfg = text != null ? text : c;
        textType = "llama";
    }
    String declared = textCfg == c ? null : textCfg.string(null, "model_type");
    if (declared != null && ConfigMapper.supports(declared) && k != Kind.MLLAMA) {
      textType = declared.toLowerCase(Locale.ROOT);
    }
    FamilyMapper textMapper = ConfigMapper.mapper(textType);
    ModelSpec t =
        textMapper.map(
            textCfg, new Context(textType, ctx.architecture(), ctx.dtype(), textCfg != c));
    SpecBuilder b = SpecBuilder.from(t);
    b.modelType = ctx.modelType();
    b.architecture = ctx.architecture();
    if (vision == null) {
      vision = c.empty("vision_config");
      c.assume("'vision_config' absent: the vision tower's class defaults are used");
    }
    visionTower(b, c, text, vision, t);
    return b.build(c);
  }

  /** The vision tower and projector of each wrapper, into the text stack's builder. */
  private void visionTower(
      SpecBuilder b, RawConfig c, RawConfig text, RawConfig vision, ModelSpec t)
      throws InvalidConfigException {
    long th = t.hiddenSize();
    switch (k) {
      case LLAVA:
        {
          long vh = VisionTowers.clip(b, vision, false);
          b.add(new WeightGroup("multi_modal_projector.linear_1", Role.VISION, vh, th, 1, true));
          b.add(new WeightGroup("multi_modal_projector.linear_2", Role.VISION, th, th, 1, true));
          break;
        }
      case QWEN2_VL:
        VisionTowers.qwen2vl(b, vision, th);
        break;
      case QWEN2_5_VL:
        VisionTowers.qwen25vl(b, vision, th);
        break;
      case GEMMA3:
        {
          long vh = VisionTowers.clip(b, vision, true);
          b.add(new WeightGroup("mm_input_projection", Role.VISION, vh, th, 1, false));
          b.add(new WeightGroup("mm_soft_emb_norm", Role.VISION, 1, vh, 1, false));
          break;
        }
      case IDEFICS3:
        {
          long vh = VisionTowers.clip(b, vision, true);
          long scale = c.integer(2, "Idefics3Config default", 1, 64, "scale_factor");
          b.add(
              new WeightGroup(
                  "connector.modality_projection", Role.VISION, vh * scale * scale, th, 1, false));
          break;
        }
      case MISTRAL3:
        VisionTowers.pixtral(b, c, vision, th);
        break;
      default:
        mllama(b, c, text, vision, t);
    }
  }

  /** Mllama: a tiled ViT (local + global layers) and cross-attention layers in the text stack. */
  private static void mllama(
      SpecBuilder b, RawConfig c, RawConfig text, RawConfig vision, ModelSpec t)
      throws InvalidConfigException {
    String why = "MllamaVisionConfig default";
    long vh = VisionTowers.clip(b, vision, true);
    long global = vision.integer(8, why, 0, RawConfig.MAX_COUNT, "num_global_layers");
    long vf = vision.integer(5120, why, 1, RawConfig.MAX_WIDTH, "intermediate_size");
    for (String m : new String[] {"q_proj", "k_proj", "v_proj", "o_proj"}) {
      b.add(new WeightGroup("vision.global." + m, Role.VISION, vh, vh, global, false));
    }
    b.add(new WeightGroup("vision.global.mlp", Role.VISION, vh, vf, 2 * global, true));
    long out = vision.integer(7680, why, 1, RawConfig.MAX_WIDTH, "vision_output_dim");
    b.add(new WeightGroup("multi_modal_projector", Role.VISION, out, t.hiddenSize(), 1, true));
    List<?> cross = text == null ? null : text.list("cross_attention_layers");
    long crossLayers = cross == null ? 0 : cross.size();
    long tiles = vision.integer(4, why, 1, 64, "max_num_tiles");
    long image = vision.integer(560, why, 1, 1 << 16, "image_size");
    long patch = vision.integer(14, why, 1, 1 << 12, "patch_size");
    long tokens = tiles * ((image / patch) * (image / patch) + 1);
    c.assume(
        "mllama: "
            + crossLayers
            + " cross-attention layers hold the K/V of one image ("
            + tokens
            + " vision tokens) per sequence; the vision encoder is approximate");
    List<CacheGroup> kept = new ArrayList<>();
    for (CacheGroup g : b.cache) {
      if (g.kind() == CacheKind.ATTENTION) {
        kept.add(
            new CacheGroup(
                g.kind(),
                g.layers() - crossLayers,
                g.kvHeads(),
                g.keyDim(),
                g.valueDim(),
                g.window(),
                g.stateElements()));
      } else {
        kept.add(g);
      }
    }
    b.cache.clear();
    kept.forEach(b::cache);
    b.cache(
        new CacheGroup(
            CacheKind.STATE,
            crossLayers,
            0,
            0,
            0,
            0,
            2 * t.numKeyValueHeads() * t.headDim() * tokens));
  }
}
