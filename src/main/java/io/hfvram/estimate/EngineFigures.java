package io.hfvram.estimate;

/**
 * Figures only one engine has; the other engine's part is null.
 *
 * @param sglang SGLang's resolved settings and pool
 * @param llamaCpp llama.cpp's GPU and host memory
 * @param vllmDraft vLLM's MTP draft layers when speculative decoding is on
 */
public record EngineFigures(Sglang sglang, LlamaCpp llamaCpp, Draft vllmDraft) {

  /** SGLang's or llama.cpp's figures. */
  public EngineFigures(Sglang sglang, LlamaCpp llamaCpp) {
    this(sglang, llamaCpp, null);
  }

  /** No engine-specific figures (transformers, vLLM). */
  public static EngineFigures none() {
    return new EngineFigures(null, null, null);
  }

  /**
   * vLLM's multi-token-prediction draft, per GPU; each part is already inside the estimate's
   * weights, KV cache per token and activation figures.
   *
   * @param method the speculative method ("mtp")
   * @param speculativeTokens num_speculative_tokens (the draft layers run once per token)
   * @param layers draft (MTP) layers loaded, each with its own attention KV cache
   * @param weightsBytes the draft's weights (its embedding is the target's)
   * @param kvCacheBytesPerToken the draft layers' KV cache per token
   * @param activationBytes what the draft's profiled forward adds to the peak
   */
  public record Draft(
      String method,
      int speculativeTokens,
      long layers,
      long weightsBytes,
      long kvCacheBytesPerToken,
      long activationBytes) {}

  /**
   * SGLang's resolved settings and token pool, per GPU.
   *
   * @param memFractionStatic the fraction used (given or SGLang's automatic default)
   * @param chunkedPrefillSize tokens per prefill chunk
   * @param cudaGraphMaxBs the largest batch captured in a CUDA graph
   * @param maxTotalTokens tokens the pool holds (max_total_num_tokens)
   * @param maxRunningRequests concurrent requests the scheduler admits
   * @param contextLength the context SGLang is started with
   */
  public record Sglang(
      double memFractionStatic,
      long chunkedPrefillSize,
      long cudaGraphMaxBs,
      long maxTotalTokens,
      long maxRunningRequests,
      long contextLength) {}

  /**
   * llama.cpp's allocations on the GPU (the main device) and in host memory.
   *
   * @param vramBytes the GPU's buffers: offloaded weights, their KV, the GPU compute buffer, mmproj
   * @param ramBytes host buffers: the CPU weights (mmap'd), their KV, the host compute and output
   *     buffers
   * @param gpuLayers repeating layers on the GPU
   * @param outputOnGpu whether the output layer is on the GPU
   * @param contextSize KV cells (-c, padded to 256)
   * @param gpuWeightsBytes weights on the GPU
   * @param cpuWeightsBytes weights in host memory
   * @param gpuKvBytes KV cache on the GPU
   * @param cpuKvBytes KV cache in host memory
   * @param gpuComputeBytes the GPU compute buffer
   * @param cpuComputeBytes the host compute buffer and the output (logits) buffer
   */
  public record LlamaCpp(
      long vramBytes,
      long ramBytes,
      int gpuLayers,
      boolean outputOnGpu,
      long contextSize,
      long gpuWeightsBytes,
      long cpuWeightsBytes,
      long gpuKvBytes,
      long cpuKvBytes,
      long gpuComputeBytes,
      long cpuComputeBytes) {}
}
