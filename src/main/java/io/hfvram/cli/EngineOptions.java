package io.hfvram.cli;

import io.hfvram.estimate.EngineSetup;
import io.hfvram.estimate.GgmlType;
import io.hfvram.estimate.HfSetup;
import io.hfvram.estimate.LlamaCppSetup;
import io.hfvram.estimate.SglangSetup;
import io.hfvram.estimate.VllmSpeculation;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options of transformers generate, SGLang and llama.cpp (vLLM's are in WorkloadOptions). */
final class EngineOptions {
  @Option(
      names = "--cache-implementation",
      paramLabel = "KIND",
      defaultValue = "dynamic",
      description =
          "transformers generate's KV cache: dynamic, static or legacy (tuple"
              + " past_key_values before 4.36). Default: ${DEFAULT-VALUE}.")
  String cacheImplementation;

  @Option(
      names = "--new-tokens",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "transformers generate: tokens generated after the prompt (within --seq-len);"
              + " counts the decode step's cache copy. Default: not counted.")
  long newTokens;

  @Option(
      names = "--gptq-kernel",
      paramLabel = "KERNEL",
      description =
          "GPTQ kernel for transformers: exllama, exllamav2, marlin or cuda. Default:"
              + " exllama for 4-bit.")
  String gptqKernel;

  @Option(
      names = "--mem-fraction-static",
      paramLabel = "FRACTION",
      defaultValue = "0",
      description =
          "SGLang's share for weights and KV pool. Default: SGLang's automatic one by"
              + " GPU memory and TP.")
  double memFractionStatic;

  @Option(
      names = "--chunked-prefill-size",
      paramLabel = "N",
      defaultValue = "0",
      description = "SGLang's prefill chunk. Default: by GPU memory (2048 to 16384).")
  long chunkedPrefillSize;

  @Option(
      names = "--cuda-graph-max-bs",
      paramLabel = "N",
      defaultValue = "0",
      description = "SGLang's largest CUDA-graph batch. Default: by GPU memory and TP.")
  long cudaGraphMaxBs;

  @Option(
      names = "--max-running-requests",
      paramLabel = "N",
      defaultValue = "0",
      description = "SGLang's concurrent requests. Default: from the pool.")
  long maxRunningRequests;

  @Option(
      names = {"-c", "--ctx-size"},
      paramLabel = "N",
      defaultValue = "4096",
      description = "llama.cpp's context (KV cells); 0 for the model's. Default: ${DEFAULT-VALUE}.")
  long ctxSize;

  @Option(
      names = {"-ctk", "--cache-type-k"},
      paramLabel = "TYPE",
      defaultValue = "f16",
      description =
          "llama.cpp's K cache type: f32, f16, bf16, q8_0, q4_0, q4_1, q5_0, q5_1,"
              + " iq4_nl. Default: ${DEFAULT-VALUE}.")
  String cacheTypeK;

  @Option(
      names = {"-ctv", "--cache-type-v"},
      paramLabel = "TYPE",
      defaultValue = "f16",
      description =
          "llama.cpp's V cache type (quantized needs flash attention). Default:"
              + " ${DEFAULT-VALUE}.")
  String cacheTypeV;

  @Option(
      names = {"-ngl", "--n-gpu-layers"},
      paramLabel = "N",
      defaultValue = "-1",
      description = "llama.cpp's layers on the GPU; -1 for all. Default: ${DEFAULT-VALUE}.")
  int gpuLayers;

  @Option(
      names = "--n-batch",
      paramLabel = "N",
      defaultValue = "2048",
      description = "llama.cpp's -b (logical batch). Default: ${DEFAULT-VALUE}.")
  long nBatch;

  @Option(
      names = {"-ub", "--ubatch-size"},
      paramLabel = "N",
      defaultValue = "512",
      description =
          "llama.cpp's physical batch, which sizes its compute buffers. Default:"
              + " ${DEFAULT-VALUE}.")
  long ubatch;

  @Option(
      names = {"-fa", "--flash-attn"},
      paramLabel = "on|off",
      defaultValue = "on",
      description = "llama.cpp's flash attention. Default: ${DEFAULT-VALUE}.")
  String flashAttn;

  @Option(
      names = {"-np", "--parallel"},
      paramLabel = "N",
      defaultValue = "1",
      description = "llama.cpp's parallel sequences. Default: ${DEFAULT-VALUE}.")
  int parallel;

  @Option(
      names = "--mmproj",
      paramLabel = "SIZE",
      description = "llama.cpp: the multimodal projector file's size, held on the GPU.")
  String mmproj;

  @Option(
      names = "--speculative-method",
      paramLabel = "METHOD",
      description =
          "vLLM speculative decoding with the checkpoint's multi-token-prediction layers: mtp"
              + " (or deepseek_mtp). Default: off; on with --num-speculative-tokens.")
  String speculativeMethod;

  @Option(
      names = "--num-speculative-tokens",
      paramLabel = "K",
      defaultValue = "0",
      description =
          "vLLM's num_speculative_tokens drafted by the MTP layers. Default: the model's MTP"
              + " layers when --speculative-method is given.")
  int speculativeTokens;

  @Option(
      names = "--speculative-model",
      paramLabel = "MODEL",
      description =
          "vLLM speculative decoding with a separate draft model (a Hub id, checkpoint folder or"
              + " config.json), at the target's tensor parallelism; needs"
              + " --num-speculative-tokens.")
  String speculativeModel;

  /** Validates the engines' options and builds their settings. */
  EngineSetup toSetup(picocli.CommandLine cmd) {
    HfSetup.Cache cache =
        WorkloadOptions.choice(
            cmd, "--cache-implementation", cacheImplementation, HfSetup.Cache.values());
    HfSetup.GptqKernel kernel =
        gptqKernel == null
            ? null
            : WorkloadOptions.choice(cmd, "--gptq-kernel", gptqKernel, HfSetup.GptqKernel.values());
    if (newTokens < 0 || newTokens > (1L << 34)) {
      throw new ParameterException(cmd, "--new-tokens must be between 0 and 2^34");
    }
    if (!(memFractionStatic >= 0 && memFractionStatic < 1)) {
      throw new ParameterException(
          cmd, "--mem-fraction-static must be in (0, 1), got " + memFractionStatic);
    }
    if (chunkedPrefillSize < 0 || cudaGraphMaxBs < 0 || maxRunningRequests < 0) {
      throw new ParameterException(cmd, "SGLang sizes must not be negative");
    }
    SglangSetup sglang =
        new SglangSetup(memFractionStatic, chunkedPrefillSize, cudaGraphMaxBs, maxRunningRequests);
    return new EngineSetup(
        new HfSetup(cache, newTokens, kernel), sglang, llamaCpp(cmd), speculation(cmd));
  }

  private VllmSpeculation speculation(picocli.CommandLine cmd) {
    if (speculativeTokens < 0 || speculativeTokens > 64) {
      throw new ParameterException(
          cmd, "--num-speculative-tokens must be between 0 and 64, got " + speculativeTokens);
    }
    String m = speculativeMethod == null ? null : WorkloadOptions.lower(speculativeMethod);
    if (speculativeModel != null) {
      if (m != null && !m.equals(VllmSpeculation.DRAFT_MODEL)) {
        throw new ParameterException(
            cmd, "--speculative-model cannot go with --speculative-method " + speculativeMethod);
      }
      if (speculativeModel.isBlank() || speculativeTokens == 0) {
        throw new ParameterException(
            cmd, "--speculative-model needs a MODEL and --num-speculative-tokens K (K >= 1)");
      }
      return VllmSpeculation.none();
    }
    if (m != null && !m.equals(VllmSpeculation.MTP) && !m.equals("deepseek_mtp")) {
      throw new ParameterException(
          cmd,
          "--speculative-method must be mtp (a separate draft model is not modelled); got '"
              + speculativeMethod
              + "'");
    }
    return new VllmSpeculation(m, speculativeTokens);
  }

  private LlamaCppSetup llamaCpp(picocli.CommandLine cmd) {
    GgmlType k = GgmlType.parse(cacheTypeK);
    GgmlType v = GgmlType.parse(cacheTypeV);
    if (k == null || v == null) {
      throw new ParameterException(
          cmd,
          "--cache-type-k/-v must be one of f32, f16, bf16, q8_0,"
              + " q4_0, q4_1, q5_0, q5_1, iq4_nl; got '"
              + (k == null ? cacheTypeK : cacheTypeV)
              + "'");
    }
    boolean fa;
    if ("on".equalsIgnoreCase(flashAttn) || "auto".equalsIgnoreCase(flashAttn)) {
      fa = true;
    } else if ("off".equalsIgnoreCase(flashAttn)) {
      fa = false;
    } else {
      throw new ParameterException(
          cmd, "--flash-attn must be on, off or auto; got '" + flashAttn + "'");
    }
    if (ctxSize < 0
        || ctxSize > (1L << 30)
        || nBatch < 1
        || ubatch < 1
        || parallel < 1
        || gpuLayers < -1) {
      throw new ParameterException(cmd, "llama.cpp sizes must be positive (-ngl -1 for all)");
    }
    long proj = mmproj == null ? 0 : Sizes.parse(cmd, "--mmproj", mmproj);
    return new LlamaCppSetup(
        ctxSize, k, v, gpuLayers, nBatch, Math.min(ubatch, nBatch), fa, parallel, proj);
  }
}
