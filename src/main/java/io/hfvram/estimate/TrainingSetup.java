package io.hfvram.estimate;

import java.util.List;

/**
 * How the model is trained.
 *
 * @param method full fine-tune, LoRA or QLoRA
 * @param optimizer the optimizer
 * @param precision bytes-per-parameter convention; null picks mixed for 16-bit weights and fp32 for
 *     fp32 weights
 * @param loraRank LoRA rank r
 * @param loraTargets module names to adapt; empty means every attention and MLP projection
 * @param checkpointing activation checkpointing
 * @param gpus data-parallel GPUs
 * @param zeroStage ZeRO stage 0 (DDP) to 3 (FSDP full shard)
 * @param offload CPU offload
 * @param tensorParallel tensor-parallel size (Megatron-style)
 * @param sequenceParallel whether sequence parallelism splits the replicated activations
 * @param mechanisms the framework profile and the mechanisms that refine it; null means none
 */
public record TrainingSetup(
    Method method,
    Optimizer optimizer,
    Precision precision,
    long loraRank,
    List<String> loraTargets,
    Checkpointing checkpointing,
    int gpus,
    int zeroStage,
    Offload offload,
    int tensorParallel,
    boolean sequenceParallel,
    Mechanisms mechanisms) {

  /** PEFT's default rank is 8; 16 is the common choice for LLM fine-tunes. */
  public static final long DEFAULT_LORA_RANK = 16;

  public TrainingSetup {
    if (method == null) {
      method = Method.FULL;
    }
    if (optimizer == null) {
      optimizer = Optimizer.ADAMW;
    }
    loraTargets = loraTargets == null ? List.of() : List.copyOf(loraTargets);
    if (checkpointing == null) {
      checkpointing = Checkpointing.NONE;
    }
    if (offload == null) {
      offload = Offload.NONE;
    }
    if (mechanisms == null) {
      mechanisms = Mechanisms.none();
    }
    if (loraRank < 1 || gpus < 1 || tensorParallel < 1) {
      throw new IllegalArgumentException("LoRA rank, GPUs and tensor parallel must be >= 1");
    }
    if (zeroStage < 0 || zeroStage > 3) {
      throw new IllegalArgumentException("ZeRO stage must be 0, 1, 2 or 3");
    }
    if (offload == Offload.PARAMS && zeroStage != 3) {
      throw new IllegalArgumentException("parameter offload needs ZeRO stage 3 (--zero 3)");
    }
  }

  /** A setup without framework mechanisms (hf-vram's neutral model). */
  public TrainingSetup(
      Method method,
      Optimizer optimizer,
      Precision precision,
      long loraRank,
      List<String> loraTargets,
      Checkpointing checkpointing,
      int gpus,
      int zeroStage,
      Offload offload,
      int tensorParallel,
      boolean sequenceParallel) {
    this(
        method,
        optimizer,
        precision,
        loraRank,
        loraTargets,
        checkpointing,
        gpus,
        zeroStage,
        offload,
        tensorParallel,
        sequenceParallel,
        null);
  }

  /** A setup with the given method, optimizer and precision and defaults for the rest. */
  public TrainingSetup(Method method, Optimizer optimizer, Precision precision) {
    this(
        method,
        optimizer,
        precision,
        DEFAULT_LORA_RANK,
        List.of(),
        Checkpointing.NONE,
        1,
        0,
        Offload.NONE,
        1,
        false);
  }

  /** Full fine-tune with AdamW, precision chosen from the dtype, one GPU. */
  public static TrainingSetup defaults() {
    return new TrainingSetup(Method.FULL, Optimizer.ADAMW, null);
  }

  public TrainingSetup withSharding(int gpus, int zeroStage, Offload offload) {
    return new TrainingSetup(
        method,
        optimizer,
        precision,
        loraRank,
        loraTargets,
        checkpointing,
        gpus,
        zeroStage,
        offload,
        tensorParallel,
        sequenceParallel,
        mechanisms);
  }

  public TrainingSetup withMethod(Method m, long rank, List<String> targets) {
    return new TrainingSetup(
        m,
        optimizer,
        precision,
        rank,
        targets,
        checkpointing,
        gpus,
        zeroStage,
        offload,
        tensorParallel,
        sequenceParallel,
        mechanisms);
  }

  public TrainingSetup withCheckpointing(Checkpointing c) {
    return new TrainingSetup(
        method,
        optimizer,
        precision,
        loraRank,
        loraTargets,
        c,
        gpus,
        zeroStage,
        offload,
        tensorParallel,
        sequenceParallel,
        mechanisms);
  }

  public TrainingSetup withOptimizer(Optimizer o) {
    return new TrainingSetup(
        method,
        o,
        precision,
        loraRank,
        loraTargets,
        checkpointing,
        gpus,
        zeroStage,
        offload,
        tensorParallel,
        sequenceParallel);
  }

  public TrainingSetup withParallelism(int tp, boolean sp) {
    return new TrainingSetup(
        method,
        optimizer,
        precision,
        loraRank,
        loraTargets,
        checkpointing,
        gpus,
        zeroStage,
        offload,
        tp,
        sp,
        mechanisms);
  }
}
