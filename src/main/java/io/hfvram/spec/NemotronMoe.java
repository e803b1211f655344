package io.hfvram.spec;

/**
 * The MoE layers ('E' in {@code hybrid_override_pattern}) of Nemotron-H (Nemotron 3): a sigmoid
 * router with a per-expert score-correction bias, {@code n_routed_experts} non-gated (squared-ReLU)
 * experts of {@code moe_intermediate_size} (up and down projections only), and a shared expert of
 * {@code moe_shared_expert_intermediate_size} (NemotronHMOE in transformers).
 */
final class NemotronMoe {
  private NemotronMoe() {}

  static void layers(SpecBuilder b, RawConfig c, long layers, long h, boolean bias)
      throws InvalidConfigException {
    if (layers == 0) {
      return;
    }
    long experts = c.require(1, RawConfig.MAX_COUNT, "n_routed_experts");
    long topK = c.require(1, experts, "num_experts_per_tok");
    long width = c.require(1, RawConfig.MAX_WIDTH, "moe_intermediate_size");
    long shared =
        c.integer(1, "NemotronHConfig default", 0, RawConfig.MAX_COUNT, "n_shared_experts");
    long sharedWidth =
        shared == 0 ? 0 : c.require(1, RawConfig.MAX_WIDTH, "moe_shared_expert_intermediate_size");
    b.numExperts = experts;
    b.expertsPerToken = topK;
    b.intermediateSize = width;
    b.linear("gate", Role.ROUTER, h, experts, layers, false);
    b.norm("gate.e_score_correction_bias", experts, layers, false);
    long n = Math.multiplyExact(layers, experts);
    b.linear("experts.up_proj", Role.EXPERT, h, width, n, bias);
    b.linear("experts.down_proj", Role.EXPERT, width, h, n, bias);
    if (shared > 0) {
      b.linear("shared_experts.up_proj", Role.SHARED_EXPERT, h, sharedWidth * shared, layers, bias);
      b.linear(
          "shared_experts.down_proj", Role.SHARED_EXPERT, sharedWidth * shared, h, layers, bias);
    }
  }
}
