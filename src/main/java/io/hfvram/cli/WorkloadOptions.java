package io.hfvram.cli;

import io.hfvram.estimate.AttentionImpl;
import io.hfvram.estimate.Engine;
import io.hfvram.estimate.Gpus;
import io.hfvram.estimate.Optimizer;
import io.hfvram.estimate.Precision;
import io.hfvram.estimate.Serving;
import io.hfvram.estimate.TrainingSetup;
import io.hfvram.estimate.Workload;
import io.hfvram.spec.DType;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The workload options shared by single-model runs and scans. */
final class WorkloadOptions {
  @Option(
      names = "--dtype",
      paramLabel = "DTYPE",
      defaultValue = "auto",
      completionCandidates = DTypeNames.Weights.class,
      description =
          "Weights dtype: auto (the checkpoint's), fp32, fp16, bf16, fp8, int8, int4,"
              + " fp4 (MXFP4/NVFP4); torch's names work too (bfloat16, float16, half, float32,"
              + " torch.bfloat16). Default: ${DEFAULT-VALUE}.")
  String dtype;

  @Option(
      names = "--kv-dtype",
      paramLabel = "KV_DTYPE",
      defaultValue = "auto",
      completionCandidates = DTypeNames.Kv.class,
      description =
          "KV cache dtype: auto (same as weights; 16-bit for quantized weights), fp32,"
              + " fp16, bf16, fp8 (also fp8_e4m3, fp8_e5m2), int8; no 4-bit caches."
              + " Default: ${DEFAULT-VALUE}.")
  String kvDtype;

  @Option(
      names = {"-b", "--batch-size"},
      paramLabel = "N",
      defaultValue = "1",
      description = "Sequences per batch. Default: ${DEFAULT-VALUE}.")
  long batchSize;

  @Option(
      names = {"-s", "--seq-len"},
      paramLabel = "TOKENS",
      description = "Tokens per sequence. Default: min(4096, the model's max context).")
  Long seqLen;

  @Option(
      names = "--attention",
      paramLabel = "KIND",
      defaultValue = "flash",
      description =
          "Attention kernel: flash (fused/SDPA) or eager (materialises b x heads x s^2"
              + " scores). Default: ${DEFAULT-VALUE}.")
  String attention;

  @Option(
      names = "--tp",
      paramLabel = "N",
      defaultValue = "1",
      description = "Tensor-parallel GPUs (serving and training). Default: ${DEFAULT-VALUE}.")
  int tp;

  @Option(
      names = "--engine",
      completionCandidates = Completions.Engines.class,
      paramLabel = "ENGINE",
      defaultValue = "hf",
      description =
          "Serving engine: hf (transformers generate), vllm, sglang or llama.cpp."
              + " Default: ${DEFAULT-VALUE}.")
  String engine;

  @Option(
      names = "--gpu",
      completionCandidates = Completions.Gpu.class,
      paramLabel = "NAME",
      description =
          "A GPU from 'hf-vram gpus' (h100-80gb, a100-40gb, rtx-4090...): adds the" + " fit.")
  String gpu;

  @Option(
      names = "--gpu-memory",
      paramLabel = "SIZE",
      description = "Memory of one GPU for any other card, e.g. 24GiB.")
  String gpuMemory;

  @Option(
      names = "--gpu-memory-utilization",
      paramLabel = "FRACTION",
      defaultValue = "0.9",
      description = "vLLM's share of GPU memory. Default: ${DEFAULT-VALUE}.")
  double gpuMemoryUtilization;

  @Option(
      names = "--max-num-batched-tokens",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "vLLM's tokens per step (sizes its profiled peak). Default: the version's"
              + " for vllm serve (V1: 8192 on GPUs of 70 GiB or more, else 2048).")
  long maxNumBatchedTokens;

  @Option(
      names = "--max-num-seqs",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "vLLM's concurrent sequences. Default: the version's for vllm serve (V1:"
              + " 1024 on GPUs of 70 GiB or more, else 256).")
  long maxNumSeqs;

  @Option(
      names = "--vllm-version",
      paramLabel = "X.Y",
      description =
          "vLLM release whose memory rules apply (0.6 and up). Default: the newest"
              + " modelled, 0.21.")
  String vllmVersion;

  @Option(
      names = "--max-model-len",
      paramLabel = "N",
      description =
          "vLLM's --max-model-len: the context it must hold for one request."
              + " Default: the model's.")
  long maxModelLen;

  @Option(
      names = "--overhead",
      paramLabel = "SIZE",
      description =
          "Fixed runtime overhead instead of the default model (512 MiB CUDA context"
              + " + 10%% of KV cache and activations), e.g. 1GiB, 800MiB, 0.")
  String overhead;

  @Mixin EngineOptions engines = new EngineOptions();
  @Mixin TrainingOptions trainingOptions = new TrainingOptions();

  /** Validates every option in one place and builds the workload. */
  Workload toWorkload(picocli.CommandLine cmd) {
    DType d = DTypeNames.parse(cmd, "--dtype", dtype, false);
    DType kv = DTypeNames.parse(cmd, "--kv-dtype", kvDtype, true);
    if (batchSize < 1 || batchSize > 1_000_000) {
      throw new ParameterException(
          cmd, "--batch-size must be between 1 and 1000000, got " + batchSize);
    }
    if (seqLen != null && (seqLen < 1 || seqLen > (1L << 34))) {
      throw new ParameterException(cmd, "--seq-len must be between 1 and 2^34, got " + seqLen);
    }
    AttentionImpl attn = choice(cmd, "--attention", attention, AttentionImpl.values());
    Optimizer opt = trainingOptions.optimizer(cmd);
    Precision p = trainingOptions.precision(cmd);
    Long over = overhead == null ? null : Sizes.parse(cmd, "--overhead", overhead);
    TrainingSetup training = trainingOptions.setup(cmd, opt, p, tp);
    Serving serving = serving(cmd);
    return new Workload(
        d, kv, batchSize, seqLen == null ? 0 : seqLen, attn, over, training, serving);
  }

  /** The serving options: tensor parallelism, engine, vLLM's settings and the GPU. */
  private Serving serving(picocli.CommandLine cmd) {
    if (tp < 1 || tp > 1024) {
      throw new ParameterException(cmd, "--tp must be between 1 and 1024, got " + tp);
    }
    Engine eng = choice(cmd, "--engine", engine, Engine.values());
    Serving serving =
        new Serving(
                eng,
                tp,
                null,
                null,
                VllmChecks.utilization(cmd, gpuMemoryUtilization),
                VllmChecks.batchedTokens(cmd, maxNumBatchedTokens),
                VllmChecks.seqs(cmd, maxNumSeqs))
            .withVllm(VllmChecks.version(cmd, vllmVersion), VllmChecks.modelLen(cmd, maxModelLen));
    Long memory = gpuMemory == null ? null : Sizes.parse(cmd, "--gpu-memory", gpuMemory);
    if (memory != null && memory <= 0) {
      throw new ParameterException(cmd, "--gpu-memory must be positive, got '" + gpuMemory + "'");
    }
    if (gpu != null) {
      Gpus.Gpu g = Gpus.find(gpu);
      if (g == null) {
        throw new ParameterException(
            cmd,
            "--gpu '"
                + gpu
                + "' is not in the catalog; see"
                + " 'hf-vram gpus', or give --gpu-memory SIZE");
      }
      serving = memory == null ? serving.withGpu(g) : serving.withGpu(g.id(), memory);
    } else if (memory != null) {
      serving = serving.withGpu("custom (" + gpuMemory + ")", memory);
    }
    if ((eng == Engine.VLLM || eng == Engine.SGLANG) && serving.gpuMemoryBytes() == null) {
      throw new ParameterException(
          cmd, "--engine " + eng + " needs the GPU: give --gpu NAME or --gpu-memory SIZE");
    }
    if (engines.speculativeModel != null && eng != Engine.VLLM) {
      throw new ParameterException(cmd, "--speculative-model applies to --engine vllm only");
    }
    return serving.withEngines(engines.toSetup(cmd));
  }

  /** Refuses --speculative-model where the command loads no draft (scan, serve). */
  void refuseDraft(picocli.CommandLine cmd) {
    if (engines.speculativeModel != null) {
      throw new ParameterException(
          cmd, "--speculative-model is read by 'hf-vram MODEL' only, not by this command");
    }
  }

  /** The --speculative-model reference, or null. */
  String speculativeModel() {
    return engines.speculativeModel;
  }

  static <E extends Enum<E>> E choice(
      picocli.CommandLine cmd, String opt, String value, E[] values) {
    StringBuilder names = new StringBuilder();
    for (E e : values) {
      String id = e.toString();
      if (id.equalsIgnoreCase(value)) {
        return e;
      }
      names.append(names.length() == 0 ? "" : ", ").append(id);
    }
    throw new ParameterException(cmd, opt + " must be one of " + names + "; got '" + value + "'");
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
