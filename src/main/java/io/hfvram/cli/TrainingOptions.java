package io.hfvram.cli;

import io.hfvram.estimate.Checkpointing;
import io.hfvram.estimate.CudaContext;
import io.hfvram.estimate.Framework;
import io.hfvram.estimate.LossKind;
import io.hfvram.estimate.Mechanisms;
import io.hfvram.estimate.Method;
import io.hfvram.estimate.Offload;
import io.hfvram.estimate.Optimizer;
import io.hfvram.estimate.OptimizerStep;
import io.hfvram.estimate.Precision;
import io.hfvram.estimate.TorchVersion;
import io.hfvram.estimate.TrainingSetup;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The training options of {@link WorkloadOptions}: method, optimizer, framework, sharding. */
final class TrainingOptions {
  @Option(
      names = "--optimizer",
      paramLabel = "NAME",
      defaultValue = "adamw",
      description =
          "Training optimizer: adamw, adamw-8bit, sgd, sgd-momentum, adafactor, lion."
              + " Default: ${DEFAULT-VALUE}.")
  String optimizer;

  @Option(
      names = "--precision",
      paramLabel = "KIND",
      defaultValue = "auto",
      description =
          "Training precision: auto (mixed for 16-bit weights, fp32 for fp32), fp32,"
              + " mixed (2+2+12 B/param, ZeRO), amp (18 B/param, transformers guide), bf16."
              + " Default: ${DEFAULT-VALUE}.")
  String precision;

  @Option(
      names = "--method",
      completionCandidates = Completions.Methods.class,
      paramLabel = "METHOD",
      defaultValue = "full",
      description = "Training method: full, lora or qlora. Default: ${DEFAULT-VALUE}.")
  String method;

  @Option(
      names = "--lora-rank",
      paramLabel = "R",
      defaultValue = "16",
      description = "LoRA rank. Default: ${DEFAULT-VALUE}.")
  long loraRank;

  @Option(
      names = "--lora-targets",
      paramLabel = "MODULES",
      split = ",",
      description =
          "Modules to adapt, by their transformers (PEFT) names: e.g. q_proj,v_proj;"
              + " w1,w2,w3 (Mixtral experts); c_attn (GPT-2); query_key_value (GPT-NeoX,"
              + " Falcon); or all-linear (every linear layer but the output head). Default:"
              + " every attention and MLP projection, experts included.")
  List<String> loraTargets = new ArrayList<>();

  @Option(
      names = "--grad-checkpointing",
      paramLabel = "KIND",
      defaultValue = "none",
      description = "Activation checkpointing: none, selective or full. Default: ${DEFAULT-VALUE}.")
  String checkpointing;

  @Option(
      names = "--framework",
      paramLabel = "NAME",
      defaultValue = "custom",
      description =
          "Training framework profile: hf (Trainer + PEFT + bitsandbytes), torchtune"
              + " (its recipes) or custom (hf-vram's neutral model; only the mechanisms given by"
              + " flag). Default: ${DEFAULT-VALUE}.")
  String framework;

  @Option(
      names = "--loss",
      paramLabel = "KIND",
      description =
          "Training loss: full (fp32-upcast logits), chunked (torchtune"
              + " CEWithChunkedOutputLoss) or fused (Liger/torchtune linear cross-entropy)."
              + " Default: the framework's (full).")
  String loss;

  @Option(
      names = "--compile",
      description =
          "Training: torch.compile on the blocks and the loss (Inductor saves fewer tensors:"
              + " measured for Llama-style blocks).")
  boolean compiled;

  @Option(
      names = "--optimizer-in-backward",
      description =
          "Training: step each parameter in its gradient hook (torchtune"
              + " optimizer_in_bwd): no full gradient buffer.")
  boolean optimizerInBackward;

  @Option(
      names = "--activation-offload",
      description = "Training: offload checkpointed activations to pinned CPU memory (torchtune).")
  boolean activationOffload;

  @Option(
      names = "--optimizer-step",
      paramLabel = "KIND",
      description =
          "Optimizer implementation: fused, foreach or per-param (its temporaries)."
              + " Default: the framework's (fused).")
  String optimizerStep;

  @Option(
      names = "--zero-grad",
      paramLabel = "KIND",
      description =
          "Training profiles: set-to-none (zero_grad frees the gradients between steps,"
              + " PyTorch >= 2.0) or in-place (zeroes them, PyTorch < 2.0). Default: that of"
              + " --torch-version.")
  String zeroGrad;

  @Option(
      names = "--lora-dropout",
      paramLabel = "P",
      defaultValue = "0",
      description =
          "LoRA: dropout on each adapter's input (lora_dropout); with P > 0 every adapted module"
              + " keeps its dropped copy and a 1-byte mask. Default: ${DEFAULT-VALUE}.")
  double loraDropout;

  @Option(
      names = "--torch-version",
      paramLabel = "X.Y",
      description =
          "PyTorch release the run uses, for what changed between releases (before 1.11 softmax"
              + " keeps its input for backward; before 2.0 zero_grad keeps gradients)."
              + " Default: a current 2.x.")
  String torchVersion;

  @Option(
      names = "--paged-optimizer",
      description = "Training: bitsandbytes paged optimizer (states in CUDA managed memory).")
  boolean pagedOptimizer;

  @Option(
      names = "--cuda-context",
      paramLabel = "KIND",
      description =
          "CUDA context for training profiles: eager (CUDA < 11.7), lazy, or a GPU"
              + " generation (volta, ampere, ada, hopper, blackwell). Default: the --gpu's"
              + " generation with lazy loading.")
  String cudaContext;

  @Option(
      names = "--gpus",
      paramLabel = "N",
      defaultValue = "1",
      description = "Data-parallel GPUs for training. Default: ${DEFAULT-VALUE}.")
  int gpus;

  @Option(
      names = "--zero",
      paramLabel = "STAGE",
      defaultValue = "0",
      description = "ZeRO stage 0 (DDP), 1, 2 or 3. Default: ${DEFAULT-VALUE}.")
  int zero;

  @Option(
      names = "--fsdp",
      paramLabel = "MODE",
      description =
          "FSDP sharding instead of --zero: full_shard (= ZeRO-3), shard_grad_op"
              + " (= ZeRO-2) or no_shard (= DDP).")
  String fsdp;

  @Option(
      names = "--offload",
      paramLabel = "WHAT",
      defaultValue = "none",
      description =
          "CPU offload: none, optimizer or params (params needs ZeRO-3)."
              + " Default: ${DEFAULT-VALUE}.")
  String offload;

  @Option(names = "--sequence-parallel", description = "Training: sequence parallelism with --tp.")
  boolean sequenceParallel;

  /** The optimizer, validated. */
  Optimizer optimizer(picocli.CommandLine cmd) {
    try {
      return Optimizer.parse(optimizer);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          cmd,
          "--optimizer must be one of adamw, adamw-8bit, sgd,"
              + " sgd-momentum, adafactor, lion; got '"
              + optimizer
              + "'");
    }
  }

  /** The precision, null for auto. */
  Precision precision(picocli.CommandLine cmd) {
    return "auto".equalsIgnoreCase(precision)
        ? null
        : WorkloadOptions.choice(cmd, "--precision", precision, Precision.values());
  }

  /** The training setup after the optimizer and precision: method, LoRA, sharding, offload. */
  TrainingSetup setup(picocli.CommandLine cmd, Optimizer opt, Precision p, int tp) {
    Method m = WorkloadOptions.choice(cmd, "--method", method, Method.values());
    if (loraRank < 1 || loraRank > 65536) {
      throw new ParameterException(cmd, "--lora-rank must be between 1 and 65536, got " + loraRank);
    }
    Checkpointing ck =
        WorkloadOptions.choice(cmd, "--grad-checkpointing", checkpointing, Checkpointing.values());
    if (gpus < 1 || gpus > 1_000_000) {
      throw new ParameterException(cmd, "--gpus must be between 1 and 1000000, got " + gpus);
    }
    int stage = zeroStage(cmd);
    Offload off = WorkloadOptions.choice(cmd, "--offload", offload, Offload.values());
    if (off == Offload.PARAMS && stage != 3) {
      throw new ParameterException(
          cmd, "--offload params needs --zero 3 (or --fsdp" + " full_shard)");
    }
    return new TrainingSetup(
        m,
        opt,
        p,
        loraRank,
        loraTargets,
        ck,
        gpus,
        stage,
        off,
        tp,
        sequenceParallel,
        mechanisms(cmd));
  }

  /** The framework profile and the mechanism flags. */
  private Mechanisms mechanisms(picocli.CommandLine cmd) {
    Framework f = WorkloadOptions.choice(cmd, "--framework", framework, Framework.values());
    LossKind l =
        loss == null ? null : WorkloadOptions.choice(cmd, "--loss", loss, LossKind.values());
    OptimizerStep st =
        optimizerStep == null
            ? null
            : WorkloadOptions.choice(
                cmd, "--optimizer-step", optimizerStep, OptimizerStep.values());
    CudaContext ctx =
        cudaContext == null
            ? null
            : WorkloadOptions.choice(cmd, "--cuda-context", cudaContext, CudaContext.values());
    Boolean inPlace = null;
    if (zeroGrad != null) {
      switch (WorkloadOptions.lower(zeroGrad)) {
        case "set-to-none" -> inPlace = Boolean.FALSE;
        case "in-place" -> inPlace = Boolean.TRUE;
        default ->
            throw new ParameterException(
                cmd, "--zero-grad: unknown value '" + zeroGrad + "' (use set-to-none or in-place)");
      }
    }
    if (!(loraDropout >= 0 && loraDropout < 1)) {
      throw new ParameterException(cmd, "--lora-dropout must lie in [0, 1), got " + loraDropout);
    }
    TorchVersion torch = null;
    if (torchVersion != null) {
      torch = TorchVersion.parse(torchVersion);
      if (torch == null) {
        throw new ParameterException(
            cmd, "--torch-version: '" + torchVersion + "' is not a release such as 1.10 or 2.2");
      }
    }
    return new Mechanisms(
        f,
        l,
        compiled,
        optimizerInBackward,
        activationOffload,
        st,
        pagedOptimizer,
        ctx,
        inPlace,
        torch,
        loraDropout);
  }

  /** The ZeRO stage: from --fsdp when given, else --zero (not both: they are two frameworks). */
  private int zeroStage(picocli.CommandLine cmd) {
    int stage = zero;
    if (fsdp != null && zero != 0) {
      throw new ParameterException(
          cmd,
          "--zero (DeepSpeed) and --fsdp (PyTorch FSDP) are two"
              + " ways to shard: give one (--fsdp full_shard = --zero 3, shard_grad_op = --zero 2)");
    }
    if (fsdp != null) {
      switch (WorkloadOptions.lower(fsdp)) {
        case "full_shard":
          stage = 3;
          break;
        case "shard_grad_op":
          stage = 2;
          break;
        case "no_shard":
          stage = 0;
          break;
        default:
          throw new ParameterException(
              cmd,
              "--fsdp must be one of full_shard, shard_grad_op," + " no_shard; got '" + fsdp + "'");
      }
    }
    if (stage < 0 || stage > 3) {
      throw new ParameterException(cmd, "--zero must be 0, 1, 2 or 3; got " + zero);
    }
    return stage;
  }
}
