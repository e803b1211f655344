package io.hfvram.estimate;

/**
 * The framework profile and the memory mechanisms that refine it, each documented with its source
 * in docs/formulas.md ("Training mechanisms"). A null field means "the profile's default" and is
 * filled by {@link #resolved()}; booleans are opt-in flags whatever the profile.
 *
 * @param framework the profile (hf, torchtune or custom); null means custom
 * @param loss how the loss is computed; null is the profile's (custom: the loss buffers as the
 *     activation model counts them, no head transient)
 * @param compiled whether the loss is compiled (torch.compile): the chunked loss then saves the
 *     bf16 chunks instead of fp32 log-softmax
 * @param optimizerInBackward torchtune's optimizer_in_bwd: each parameter is stepped in its
 *     gradient hook, so no full gradient buffer exists
 * @param activationOffload torchtune's OffloadActivations: checkpointed layer inputs go to pinned
 *     CPU memory, at most 5 stay on the GPU
 * @param step the optimizer step's implementation; null is the profile's (custom: none counted)
 * @param paged bitsandbytes paged optimizer: states in CUDA managed memory, outside torch's
 *     allocator
 * @param context the CUDA context; null picks the lazy-loading figure of the GPU's generation
 * @param zeroGradInPlace whether zero_grad zeroes the gradients in place (true) or frees them
 *     (false); null follows {@code torch} (in place before PyTorch 2.0)
 * @param torch the PyTorch release; null means a current one (2.x)
 * @param loraDropout LoRA's dropout on each adapter's input (PEFT's and torchtune's lora_dropout; 0
 *     in both frameworks' current defaults, 0.05 in torchtune's 2024 builders)
 */
public record Mechanisms(
    Framework framework,
    LossKind loss,
    boolean compiled,
    boolean optimizerInBackward,
    boolean activationOffload,
    OptimizerStep step,
    boolean paged,
    CudaContext context,
    Boolean zeroGradInPlace,
    TorchVersion torch,
    double loraDropout) {

  public Mechanisms {
    if (framework == null) {
      framework = Framework.CUSTOM;
    }
    if (!(loraDropout >= 0 && loraDropout < 1)) {
      throw new IllegalArgumentException("LoRA dropout must lie in [0, 1)");
    }
  }

  /** hf-vram's neutral model with no mechanism added: the figures of earlier releases. */
  public static Mechanisms none() {
    return new Mechanisms(
        Framework.CUSTOM, null, false, false, false, null, false, null, null, null, 0);
  }

  /** A framework's profile with every mechanism at its default. */
  public static Mechanisms of(Framework f) {
    return new Mechanisms(f, null, false, false, false, null, false, null, null, null, 0);
  }

  /** True for hf and torchtune: allocator peak, transients and context by mechanism. */
  public boolean profiled() {
    return framework != Framework.CUSTOM;
  }

  /** Whether zero_grad keeps the gradients (zeroed in place): the flag, else the release's. */
  boolean keepsGradients() {
    if (zeroGradInPlace != null) {
      return zeroGradInPlace;
    }
    return torch != null && torch.zeroGradInPlace();
  }

  /** Whether softmax and log_softmax save their input for backward (PyTorch before 1.11). */
  boolean softmaxSavesInput() {
    return torch != null && torch.softmaxSavesInput();
  }

  /** The loss, the profile's default when none was given (null only for custom). */
  LossKind lossOrDefault() {
    if (loss != null || framework == Framework.CUSTOM) {
      return loss;
    }
    return LossKind.FULL;
  }

  /** The step implementation, the profile's default when none was given (null for custom). */
  OptimizerStep stepOrDefault() {
    if (step != null || framework == Framework.CUSTOM) {
      return step;
    }
    // transformers 5.17 default_optim: adamw_torch_fused (torch >= 2.8); torchtune configs on
    // HEAD: fused: True.
    return OptimizerStep.FUSED;
  }

  /** The assumptions line for the notes. */
  String describe() {
    StringBuilder b = new StringBuilder("framework profile ").append(framework.id());
    switch (framework) {
      case HF ->
          b.append(
              " (HF Trainer + PEFT + bitsandbytes: fp32-upcast full-logit loss,"
                  + " bf16 models train in pure bf16, QLoRA as bitsandbytes NF4 with double quant and"
                  + " PEFT's prepare_model_for_kbit_training casting the leftover layers to fp32, which"
                  + " also turns on gradient checkpointing: pass --grad-checkpointing full)");
      case TORCHTUNE ->
          b.append(
              " (torchtune recipes: pure bf16, torchao NF4 for QLoRA base"
                  + " weights of adapted layers only, full-logit loss unless --loss)");
      default -> b.append(" (no framework: hf-vram's neutral model, CUDA context + 10% reserve)");
    }
    LossKind l = lossOrDefault();
    b.append("; loss ")
        .append(l == null ? "as counted in the activations" : l.id())
        .append(compiled ? " (compiled)" : "");
    OptimizerStep s = stepOrDefault();
    b.append("; optimizer step ").append(s == null ? "temporaries not counted" : s.id());
    if (optimizerInBackward) {
      b.append("; optimizer in backward (no full gradient buffer)");
    }
    if (paged) {
      b.append("; paged optimizer states in CUDA managed memory");
    }
    if (activationOffload) {
      b.append("; activation offloading to pinned CPU memory");
    }
    if (torch != null) {
      b.append("; PyTorch ").append(torch);
      if (softmaxSavesInput()) {
        b.append(" (softmax and log_softmax keep their input for backward)");
      }
    }
    if (profiled()) {
      b.append(
          keepsGradients()
              ? "; zero_grad zeroes gradients in place"
              : "; zero_grad frees gradients (set_to_none)");
      b.append("; reserved memory from a replay of the caching allocator over three steps");
    }
    return b.toString();
  }
}
