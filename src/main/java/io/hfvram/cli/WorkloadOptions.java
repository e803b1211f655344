package io.hfvram.cli;

import io.hfvram.estimate.AttentionImpl;
import io.hfvram.estimate.Checkpointing;
import io.hfvram.estimate.CudaContext;
import io.hfvram.estimate.Engine;
import io.hfvram.estimate.Framework;
import io.hfvram.estimate.Gpus;
import io.hfvram.estimate.LossKind;
import io.hfvram.estimate.Mechanisms;
import io.hfvram.estimate.Offload;
import io.hfvram.estimate.Serving;
import io.hfvram.estimate.Method;
import io.hfvram.estimate.Optimizer;
import io.hfvram.estimate.OptimizerStep;
import io.hfvram.estimate.Precision;
import io.hfvram.estimate.TrainingSetup;
import io.hfvram.estimate.VllmVersion;
import io.hfvram.estimate.Workload;
import io.hfvram.spec.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The workload options shared by single-model runs and scans. */
final class WorkloadOptions {
  @Option(names = "--dtype", paramLabel = "DTYPE", defaultValue = "auto",
      description = "Weights dtype: auto (the checkpoint's), fp32, fp16, bf16, fp8, int8, int4."
          + " Default: ${DEFAULT-VALUE}.")
  String dtype;

  @Option(names = "--kv-dtype", paramLabel = "DTYPE", defaultValue = "auto",
      description = "KV cache dtype: auto (same as weights; 16-bit for quantized weights), fp32,"
          + " fp16, bf16, fp8, int8. Default: ${DEFAULT-VALUE}.")
  String kvDtype;

  @Option(names = {"-b", "--batch-size"}, paramLabel = "N", defaultValue = "1",
      description = "Sequences per batch. Default: ${DEFAULT-VALUE}.")
  long batchSize;

  @Option(names = {"-s", "--seq-len"}, paramLabel = "TOKENS",
      description = "Tokens per sequence. Default: min(4096, the model's max context).")
  Long seqLen;

  @Option(names = "--attention", paramLabel = "KIND", defaultValue = "flash",
      description = "Attention kernel: flash (fused/SDPA) or eager (materialises b x heads x s^2"
          + " scores). Default: ${DEFAULT-VALUE}.")
  String attention;

  @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adamw",
      description = "Training optimizer: adamw, adamw-8bit, sgd, sgd-momentum, adafactor, lion."
          + " Default: ${DEFAULT-VALUE}.")
  String optimizer;

  @Option(names = "--precision", paramLabel = "KIND", defaultValue = "auto",
      description = "Training precision: auto (mixed for 16-bit weights, fp32 for fp32), fp32,"
          + " mixed (2+2+12 B/param, ZeRO), amp (18 B/param, transformers guide), bf16."
          + " Default: ${DEFAULT-VALUE}.")
  String precision;

  @Option(names = "--method", paramLabel = "METHOD", defaultValue = "full",
      description = "Training method: full, lora or qlora. Default: ${DEFAULT-VALUE}.")
  String method;

  @Option(names = "--lora-rank", paramLabel = "R", defaultValue = "16",
      description = "LoRA rank. Default: ${DEFAULT-VALUE}.")
  long loraRank;

  @Option(names = "--lora-targets", paramLabel = "MODULES", split = ",",
      description = "Modules to adapt, e.g. q_proj,v_proj, or all-linear. Default: every"
          + " attention and MLP projection.")
  List<String> loraTargets = new ArrayList<>();

  @Option(names = "--grad-checkpointing", paramLabel = "KIND", defaultValue = "none",
      description = "Activation checkpointing: none, selective or full. Default: ${DEFAULT-VALUE}.")
  String checkpointing;

  @Option(names = "--framework", paramLabel = "NAME", defaultValue = "custom",
      description = "Training framework profile: hf (Trainer + PEFT + bitsandbytes), torchtune"
          + " (its recipes) or custom (hf-vram's neutral model; only the mechanisms given by"
          + " flag). Default: ${DEFAULT-VALUE}.")
  String framework;

  @Option(names = "--loss", paramLabel = "KIND",
      description = "Training loss: full (fp32-upcast logits), chunked (torchtune"
          + " CEWithChunkedOutputLoss) or fused (Liger/torchtune linear cross-entropy)."
          + " Default: the framework's (full).")
  String loss;

  @Option(names = "--compile", description = "Training: the loss is compiled (torch.compile).")
  boolean compiled;

  @Option(names = "--optimizer-in-backward",
      description = "Training: step each parameter in its gradient hook (torchtune"
          + " optimizer_in_bwd): no full gradient buffer.")
  boolean optimizerInBackward;

  @Option(names = "--activation-offload",
      description = "Training: offload checkpointed activations to pinned CPU memory (torchtune).")
  boolean activationOffload;

  @Option(names = "--optimizer-step", paramLabel = "KIND",
      description = "Optimizer implementation: fused, foreach or per-param (its temporaries)."
          + " Default: the framework's (fused).")
  String optimizerStep;

  @Option(names = "--paged-optimizer",
      description = "Training: bitsandbytes paged optimizer (states in CUDA managed memory).")
  boolean pagedOptimizer;

  @Option(names = "--cuda-context", paramLabel = "KIND",
      description = "CUDA context for training profiles: eager (CUDA < 11.7), lazy, or a GPU"
          + " generation (volta, ampere, ada, hopper, blackwell). Default: the --gpu's"
          + " generation with lazy loading.")
  String cudaContext;

  @Option(names = "--gpus", paramLabel = "N", defaultValue = "1",
      description = "Data-parallel GPUs for training. Default: ${DEFAULT-VALUE}.")
  int gpus;

  @Option(names = "--zero", paramLabel = "STAGE", defaultValue = "0",
      description = "ZeRO stage 0 (DDP), 1, 2 or 3. Default: ${DEFAULT-VALUE}.")
  int zero;

  @Option(names = "--fsdp", paramLabel = "MODE",
      description = "FSDP sharding instead of --zero: full_shard (= ZeRO-3), shard_grad_op"
          + " (= ZeRO-2) or no_shard (= DDP).")
  String fsdp;

  @Option(names = "--offload", paramLabel = "WHAT", defaultValue = "none",
      description = "CPU offload: none, optimizer or params (params needs ZeRO-3)."
          + " Default: ${DEFAULT-VALUE}.")
  String offload;

  @Option(names = "--tp", paramLabel = "N", defaultValue = "1",
      description = "Tensor-parallel GPUs (serving and training). Default: ${DEFAULT-VALUE}.")
  int tp;

  @Option(names = "--sequence-parallel", description = "Training: sequence parallelism with --tp.")
  boolean sequenceParallel;

  @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "hf",
      description = "Serving engine: hf (transformers generate) or vllm. Default: ${DEFAULT-VALUE}.")
  String engine;

  @Option(names = "--gpu", paramLabel = "NAME",
      description = "A GPU from 'hf-vram gpus' (h100-80gb, a100-40gb, rtx-4090...): adds the"
          + " fit.")
  String gpu;

  @Option(names = "--gpu-memory", paramLabel = "SIZE",
      description = "Memory of one GPU for any other card, e.g. 24GiB.")
  String gpuMemory;

  @Option(names = "--gpu-memory-utilization", paramLabel = "FRACTION", defaultValue = "0.9",
      description = "vLLM's share of GPU memory. Default: ${DEFAULT-VALUE}.")
  double gpuMemoryUtilization;

  @Option(names = "--max-num-batched-tokens", paramLabel = "N", defaultValue = "0",
      description = "vLLM's tokens per step (sizes its profiled peak). Default: the version's"
          + " for vllm serve (V1: 8192 on GPUs of 70 GiB or more, else 2048).")
  long maxNumBatchedTokens;

  @Option(names = "--max-num-seqs", paramLabel = "N", defaultValue = "0",
      description = "vLLM's concurrent sequences. Default: the version's for vllm serve (V1:"
          + " 1024 on GPUs of 70 GiB or more, else 256).")
  long maxNumSeqs;

  @Option(names = "--vllm-version", paramLabel = "X.Y",
      description = "vLLM release whose memory rules apply (0.6 and up). Default: the newest"
          + " modelled, 0.21.")
  String vllmVersion;

  @Option(names = "--max-model-len", paramLabel = "N",
      description = "vLLM's --max-model-len: the context it must hold for one request."
          + " Default: the model's.")
  long maxModelLen;

  @Option(names = "--overhead", paramLabel = "SIZE",
      description = "Fixed runtime overhead instead of the default model (512 MiB CUDA context"
          + " + 10%% of KV cache and activations), e.g. 1GiB, 800MiB, 0.")
  String overhead;

  /** Validates every option in one place and builds the workload. */
  Workload toWorkload(picocli.CommandLine cmd) {
    DType d = dtype(cmd, "--dtype", dtype, false);
    DType kv = dtype(cmd, "--kv-dtype", kvDtype, true);
    if (batchSize < 1 || batchSize > 1_000_000) {
      throw new ParameterException(cmd, "--batch-size must be between 1 and 1000000, got "
          + batchSize);
    }
    if (seqLen != null && (seqLen < 1 || seqLen > (1L << 34))) {
      throw new ParameterException(cmd, "--seq-len must be between 1 and 2^34, got " + seqLen);
    }
    AttentionImpl attn = choice(cmd, "--attention", attention, AttentionImpl.values());
    Optimizer opt;
    try {
      opt = Optimizer.parse(optimizer);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "--optimizer must be one of adamw, adamw-8bit, sgd,"
          + " sgd-momentum, adafactor, lion; got '" + optimizer + "'");
    }
    Precision p = "auto".equalsIgnoreCase(precision) ? null
        : choice(cmd, "--precision", precision, Precision.values());
    Long over = overhead == null ? null : Sizes.parse(cmd, "--overhead", overhead);
    TrainingSetup training = training(cmd, opt, p);
    Serving serving = serving(cmd);
    return new Workload(d, kv, batchSize, seqLen == null ? 0 : seqLen, attn, over, training,
        serving);
  }

  /** The training options after the optimizer and precision: method, LoRA, sharding, offload. */
  private TrainingSetup training(picocli.CommandLine cmd, Optimizer opt, Precision p) {
    Method m = choice(cmd, "--method", method, Method.values());
    if (loraRank < 1 || loraRank > 65536) {
      throw new ParameterException(cmd, "--lora-rank must be between 1 and 65536, got "
          + loraRank);
    }
    Checkpointing ck = choice(cmd, "--grad-checkpointing", checkpointing,
        Checkpointing.values());
    if (gpus < 1 || gpus > 1_000_000) {
      throw new ParameterException(cmd, "--gpus must be between 1 and 1000000, got " + gpus);
    }
    int stage = zeroStage(cmd);
    Offload off = choice(cmd, "--offload", offload, Offload.values());
    if (off == Offload.PARAMS && stage != 3) {
      throw new ParameterException(cmd, "--offload params needs --zero 3 (or --fsdp"
          + " full_shard)");
    }
    return new TrainingSetup(m, opt, p, loraRank, loraTargets, ck, gpus, stage, off, tp,
        sequenceParallel, mechanisms(cmd));
  }

  /** The framework profile and the mechanism flags. */
  private Mechanisms mechanisms(picocli.CommandLine cmd) {
    Framework f = choice(cmd, "--framework", framework, Framework.values());
    LossKind l = loss == null ? null : choice(cmd, "--loss", loss, LossKind.values());
    OptimizerStep st = optimizerStep == null ? null
        : choice(cmd, "--optimizer-step", optimizerStep, OptimizerStep.values());
    CudaContext ctx = cudaContext == null ? null
        : choice(cmd, "--cuda-context", cudaContext, CudaContext.values());
    return new Mechanisms(f, l, compiled, optimizerInBackward, activationOffload, st,
        pagedOptimizer, ctx);
  }

  /** The ZeRO stage: from --fsdp when given, else --zero. */
  private int zeroStage(picocli.CommandLine cmd) {
    int stage = zero;
    if (fsdp != null) {
      switch (lower(fsdp)) {
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
          throw new ParameterException(cmd, "--fsdp must be one of full_shard, shard_grad_op,"
              + " no_shard; got '" + fsdp + "'");
      }
    }
    if (stage < 0 || stage > 3) {
      throw new ParameterException(cmd, "--zero must be 0, 1, 2 or 3; got " + zero);
    }
    return stage;
  }

  /** The serving options: tensor parallelism, engine, vLLM's settings and the GPU. */
  private Serving serving(picocli.CommandLine cmd) {
    if (tp < 1 || tp > 1024) {
      throw new ParameterException(cmd, "--tp must be between 1 and 1024, got " + tp);
    }
    Engine eng = choice(cmd, "--engine", engine, Engine.values());
    Serving serving = new Serving(eng, tp, null, null, checkUtil(cmd), maxNumBatchedTokens(cmd),
        maxNumSeqs(cmd)).withVllm(vllmVersion(cmd), maxModelLen(cmd));
    Long memory = gpuMemory == null ? null : Sizes.parse(cmd, "--gpu-memory", gpuMemory);
    if (memory != null && memory <= 0) {
      throw new ParameterException(cmd, "--gpu-memory must be positive, got '" + gpuMemory + "'");
    }
    if (gpu != null) {
      Gpus.Gpu g = Gpus.find(gpu);
      if (g == null) {
        throw new ParameterException(cmd, "--gpu '" + gpu + "' is not in the catalog; see"
            + " 'hf-vram gpus', or give --gpu-memory SIZE");
      }
      serving = memory == null ? serving.withGpu(g) : serving.withGpu(g.id(), memory);
    } else if (memory != null) {
      serving = serving.withGpu("custom (" + gpuMemory + ")", memory);
    }
    if (eng == Engine.VLLM && serving.gpuMemoryBytes() == null) {
      throw new ParameterException(cmd, "--engine vllm needs the GPU: give --gpu NAME or"
          + " --gpu-memory SIZE");
    }
    return serving;
  }

  private double checkUtil(picocli.CommandLine cmd) {
    if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
      throw new ParameterException(cmd, "--gpu-memory-utilization must be in (0, 1], got "
          + gpuMemoryUtilization);
    }
    return gpuMemoryUtilization;
  }

  private long maxNumBatchedTokens(picocli.CommandLine cmd) {
    if (maxNumBatchedTokens < 0 || maxNumBatchedTokens > (1L << 24)) {
      throw new ParameterException(cmd, "--max-num-batched-tokens must be between 1 and 2^24");
    }
    return maxNumBatchedTokens;
  }

  private long maxNumSeqs(picocli.CommandLine cmd) {
    if (maxNumSeqs < 0 || maxNumSeqs > (1L << 20)) {
      throw new ParameterException(cmd, "--max-num-seqs must be between 1 and 2^20");
    }
    return maxNumSeqs;
  }

  private VllmVersion vllmVersion(picocli.CommandLine cmd) {
    if (vllmVersion == null) {
      return null;
    }
    VllmVersion v = VllmVersion.parse(vllmVersion);
    if (v == null) {
      throw new ParameterException(cmd, "--vllm-version must be a release from 0.6 on (e.g."
          + " 0.6.3, 0.16.0, 0.19), got '" + vllmVersion + "'");
    }
    return v;
  }

  private long maxModelLen(picocli.CommandLine cmd) {
    if (maxModelLen < 0 || maxModelLen > (1L << 34)) {
      throw new ParameterException(cmd, "--max-model-len must be between 1 and 2^34");
    }
    return maxModelLen;
  }

  private static DType dtype(picocli.CommandLine cmd, String opt, String value, boolean kv) {
    if ("auto".equalsIgnoreCase(value)) {
      return null;
    }
    DType d = null;
    for (DType t : DType.values()) {
      if (t.id().equalsIgnoreCase(value)) {
        d = t;
      }
    }
    if (d == null || (kv && d == DType.INT4)) {
      throw new ParameterException(cmd, opt + " must be one of auto, fp32, fp16, bf16, fp8, int8"
          + (kv ? "" : ", int4") + "; got '" + value + "'");
    }
    return d;
  }

  static <E extends Enum<E>> E choice(picocli.CommandLine cmd, String opt, String value,
      E[] values) {
    StringBuilder names = new StringBuilder();
    for (E e : values) {
      String id = e.toString();
      if (id.equalsIgnoreCase(value)) {
        return e;
      }
      names.append(names.length() == 0 ? "" : ", ").append(id);
    }
    throw new ParameterException(cmd, opt + " must be one of " + names + "; got '" + value
        + "'");
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
