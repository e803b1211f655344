package io.hfvram.spec;

/**
 * The vision encoders of multimodal wrappers, counted into the weights with role VISION. Class
 * defaults follow CLIPVisionConfig, SiglipVisionConfig, Qwen2VLVisionConfig and
 * Qwen2_5_VLVisionConfig.
 */
final class VisionTowers {
  private VisionTowers() {}

  /** Returns the tower's output width. */
  static long clip(SpecBuilder b, RawConfig v, boolean siglip) throws InvalidConfigException {
    String why = siglip ? "SiglipVisionConfig default" : "CLIPVisionConfig default";
    long h = v.integer(siglip ? 768 : 768, why, 1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = v.integer(12, why, 1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long f = v.integer(siglip ? 3072 : 3072, why, 1, RawConfig.MAX_WIDTH, "intermediate_size");
    long image = v.integer(siglip ? 224 : 224, why, 1, 1 << 16, "image_size");
    long patch = v.integer(siglip ? 16 : 32, why, 1, 1 << 12, "patch_size");
    long channels = v.integer(3, why, 1, 64, "num_channels");
    long patches = (image / patch) * (image / patch);
    if (!siglip) {
      b.norm("vision.class_embedding", h, 1, false);
    }
    b.add(
        new WeightGroup(
            "vision.patch_embedding", Role.VISION, channels * patch * patch, h, 1, siglip));
    b.add(
        new WeightGroup(
            "vision.position_embedding", Role.VISION, patches + (siglip ? 0 : 1), h, 1, false));
    if (!siglip) {
      b.add(new WeightGroup("vision.pre_layrnorm", Role.VISION, 1, h, 1, true));
    }
    for (String m : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
      b.add(new WeightGroup("vision." + m, Role.VISION, h, h, layers, true));
    }
    b.add(new WeightGroup("vision.layer_norm", Role.VISION, 1, h, 2 * layers, true));
    b.add(new WeightGroup("vision.fc1", Role.VISION, h, f, layers, true));
    b.add(new WeightGroup("vision.fc2", Role.VISION, f, h, layers, true));
    b.add(new WeightGroup("vision.post_layernorm", Role.VISION, 1, h, 1, true));
    return h;
  }

  /** Qwen2-VL's ViT with its patch merger into the text width. */
  static void qwen2vl(SpecBuilder b, RawConfig v, long textHidden) throws InvalidConfigException {
    String why = "Qwen2VLVisionConfig default";
    long depth = v.integer(32, why, 1, RawConfig.MAX_COUNT, "depth");
    long e = v.integer(1280, why, 1, RawConfig.MAX_WIDTH, "embed_dim");
    long ratio = v.integer(4, why, 1, 64, "mlp_ratio");
    long out = v.integer(textHidden, why, 1, RawConfig.MAX_WIDTH, "hidden_size");
    long ch = v.integer(3, why, 1, 64, "in_chans", "in_channels");
    long p = v.integer(14, why, 1, 1 << 12, "patch_size", "spatial_patch_size");
    long t = v.integer(2, why, 1, 64, "temporal_patch_size");
    long merge = v.integer(2, why, 1, 64, "spatial_merge_size");
    b.add(new WeightGroup("visual.patch_embed", Role.VISION, ch * t * p * p, e, 1, false));
    b.add(new WeightGroup("visual.norm", Role.VISION, 1, e, 2 * depth, true));
    b.add(new WeightGroup("visual.qkv", Role.VISION, e, 3 * e, depth, true));
    b.add(new WeightGroup("visual.proj", Role.VISION, e, e, depth, true));
    b.add(new WeightGroup("visual.fc1", Role.VISION, e, ratio * e, depth, true));
    b.add(new WeightGroup("visual.fc2", Role.VISION, ratio * e, e, depth, true));
    long m = e * merge * merge;
    b.add(new WeightGroup("visual.merger.ln_q", Role.VISION, 1, e, 1, true));
    b.add(new WeightGroup("visual.merger.mlp.0", Role.VISION, m, m, 1, true));
    b.add(new WeightGroup("visual.merger.mlp.2", Role.VISION, m, out, 1, true));
  }

  /** Qwen2.5-VL's ViT: RMSNorm, gated MLP with biases, patch merger. */
  static void qwen25vl(SpecBuilder b, RawConfig v, long textHidden) throws InvalidConfigException {
    String why = "Qwen2_5_VLVisionConfig default";
    long depth = v.integer(32, why, 1, RawConfig.MAX_COUNT, "depth");
    long e = v.integer(1280, why, 1, RawConfig.MAX_WIDTH, "hidden_size");
    long f = v.integer(3420, why, 1, RawConfig.MAX_WIDTH, "intermediate_size");
    long out = v.integer(textHidden, why, 1, RawConfig.MAX_WIDTH, "out_hidden_size");
    long ch = v.integer(3, why, 1, 64, "in_chans", "in_channels");
    long p = v.integer(14, why, 1, 1 << 12, "patch_size");
    long t = v.integer(2, why, 1, 64, "temporal_patch_size");
    long merge = v.integer(2, why, 1, 64, "spatial_merge_size");
    b.add(new WeightGroup("visual.patch_embed", Role.VISION, ch * t * p * p, e, 1, false));
    b.add(new WeightGroup("visual.norm", Role.VISION, 1, e, 2 * depth, false));
    b.add(new WeightGroup("visual.qkv", Role.VISION, e, 3 * e, depth, true));
    b.add(new WeightGroup("visual.proj", Role.VISION, e, e, depth, true));
    b.add(new WeightGroup("visual.gate_proj", Role.VISION, e, f, depth, true));
    b.add(new WeightGroup("visual.up_proj", Role.VISION, e, f, depth, true));
    b.add(new WeightGroup("visual.down_proj", Role.VISION, f, e, depth, true));
    long m = e * merge * merge;
    b.add(new WeightGroup("visual.merger.ln_q", Role.VISION, 1, e, 1, false));
    b.add(new WeightGroup("visual.merger.mlp.0", Role.VISION, m, m, 1, true));
    b.add(new WeightGroup("visual.merger.mlp.2", Role.VISION, m, out, 1, true));
  }

  /**
   * Pixtral's ViT (RMSNorm, gated MLP, no biases) and Mistral3's projector: an RMSNorm, the patch
   * merger ({@code spatial_merge_size}^2 patches into one) and two linears into the text width.
   */
  static void pixtral(SpecBuilder b, RawConfig c, RawConfig v, long textHidden)
      throws InvalidConfigException {
    String why = "PixtralVisionConfig default";
    long h = v.integer(1024, why, 1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = v.integer(24, why, 1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long f = v.integer(4096, why, 1, RawConfig.MAX_WIDTH, "intermediate_size");
    long patch = v.integer(16, why, 1, 1 << 12, "patch_size");
    long channels = v.integer(3, why, 1, 64, "num_channels");
    b.add(new WeightGroup("vision.patch_conv", Role.VISION, channels * patch * patch, h, 1, false));
    b.add(new WeightGroup("vision.ln_pre", Role.VISION, 1, h, 1, false));
    for (String m : new String[] {"q_proj", "k_proj", "v_proj", "o_proj"}) {
      b.add(new WeightGroup("vision." + m, Role.VISION, h, h, layers, false));
    }
    b.add(new WeightGroup("vision.gate_proj", Role.VISION, h, f, layers, false));
    b.add(new WeightGroup("vision.up_proj", Role.VISION, h, f, layers, false));
    b.add(new WeightGroup("vision.down_proj", Role.VISION, f, h, layers, false));
    b.add(new WeightGroup("vision.norms", Role.VISION, 1, h, 2 * layers, false));
    String pwhy = "Mistral3Config default";
    long merge = c.integer(2, pwhy, 1, 64, "spatial_merge_size");
    boolean bias = c.bool(false, pwhy, "multimodal_projector_bias");
    b.add(new WeightGroup("multi_modal_projector.norm", Role.VISION, 1, h, 1, false));
    b.add(
        new WeightGroup(
            "multi_modal_projector.patch_merger.merging_layer",
            Role.VISION,
            h * merge * merge,
            h,
            1,
            false));
    b.add(new WeightGroup("multi_modal_projector.linear_1", Role.VISION, h, textHidden, 1, bias));
    b.add(
        new WeightGroup(
            "multi_modal_projector.linear_2", Role.VISION, textHidden, textHidden, 1, bias));
  }
}
