package io.hfvram.estimate;

import io.hfvram.spec.DType;
import java.util.List;

/**
 * GPU memory to run a forward pass and keep a KV cache, in bytes per GPU.
 *
 * @param dtype weights dtype
 * @param kvDtype KV cache dtype
 * @param batchSize sequences per batch
 * @param sequenceLength tokens per sequence
 * @param engine hf or vllm
 * @param tensorParallel GPUs the model is split across
 * @param weightsBytes model weights
 * @param kvCacheBytes KV cache (and recurrent state); for vLLM, the whole pre-allocated pool
 * @param kvCacheBytesPerToken KV cache per token of one sequence, before any window cap
 * @param activationBytes activation peak of the prefill forward pass (vLLM: its profiled peak)
 * @param overheadBytes CUDA context and allocator reserve (vLLM: non-torch memory)
 * @param totalBytes the sum of the four parts
 * @param kvCapacityTokens vLLM only: tokens the KV pool holds (whole 16-token blocks), else -1
 * @param maxConcurrency vLLM only: capacity / sequence length, else -1
 * @param maxModelLen vLLM only: the longest context (--max-model-len) vLLM would start with on this
 *     pool, at most the model's, as its estimate_max_model_len finds it; else -1
 * @param warnings things the user must see, such as vLLM refusing to start with the context
 * @param figures SGLang's or llama.cpp's own figures; null parts for the other engines
 */
public record InferenceEstimate(
    DType dtype,
    DType kvDtype,
    long batchSize,
    long sequenceLength,
    Engine engine,
    int tensorParallel,
    long weightsBytes,
    long kvCacheBytes,
    long kvCacheBytesPerToken,
    long activationBytes,
    long overheadBytes,
    long totalBytes,
    long kvCapacityTokens,
    double maxConcurrency,
    long maxModelLen,
    List<String> warnings,
    EngineFigures figures) {

  public InferenceEstimate {
    if (totalBytes != weightsBytes + kvCacheBytes + activationBytes + overheadBytes) {
      throw new IllegalArgumentException("inference parts do not sum to the total");
    }
    warnings = List.copyOf(warnings);
    if (figures == null) {
      figures = EngineFigures.none();
    }
  }

  /** An estimate without engine-specific figures (transformers, vLLM). */
  public InferenceEstimate(
      DType dtype,
      DType kvDtype,
      long batchSize,
      long sequenceLength,
      Engine engine,
      int tensorParallel,
      long weightsBytes,
      long kvCacheBytes,
      long kvCacheBytesPerToken,
      long activationBytes,
      long overheadBytes,
      long totalBytes,
      long kvCapacityTokens,
      double maxConcurrency,
      long maxModelLen,
      List<String> warnings) {
    this(
        dtype,
        kvDtype,
        batchSize,
        sequenceLength,
        engine,
        tensorParallel,
        weightsBytes,
        kvCacheBytes,
        kvCacheBytesPerToken,
        activationBytes,
        overheadBytes,
        totalBytes,
        kvCapacityTokens,
        maxConcurrency,
        maxModelLen,
        warnings,
        null);
  }

  /** An estimate without a context limit or warnings (transformers). */
  public InferenceEstimate(
      DType dtype,
      DType kvDtype,
      long batchSize,
      long sequenceLength,
      Engine engine,
      int tensorParallel,
      long weightsBytes,
      long kvCacheBytes,
      long kvCacheBytesPerToken,
      long activationBytes,
      long overheadBytes,
      long totalBytes,
      long kvCapacityTokens,
      double maxConcurrency) {
    this(
        dtype,
        kvDtype,
        batchSize,
        sequenceLength,
        engine,
        tensorParallel,
        weightsBytes,
        kvCacheBytes,
        kvCacheBytesPerToken,
        activationBytes,
        overheadBytes,
        totalBytes,
        kvCapacityTokens,
        maxConcurrency,
        -1,
        List.of());
  }

  /**
   * What torch.cuda.max_memory_allocated would report: weights + KV cache + activations (the
   * overhead is the CUDA context and the allocator's reserve, neither allocated by torch).
   */
  public long allocatorPeakBytes() {
    return totalBytes - overheadBytes;
  }

  /**
   * Memory outside torch's allocator: the CUDA context for transformers (the default overhead's
   * context part, or the whole --overhead when that is smaller), vLLM's non-torch memory.
   */
  public long contextBytes() {
    return engine == Engine.VLLM
        ? overheadBytes
        : Math.min(overheadBytes, Overhead.CUDA_CONTEXT_BYTES);
  }
}
