package io.hfvram.estimate;

import io.hfvram.spec.DType;

/**
 * GPU memory to run a forward pass and keep a KV cache, in bytes.
 *
 * @param dtype weights dtype
 * @param kvDtype KV cache dtype
 * @param batchSize sequences per batch
 * @param sequenceLength tokens per sequence
 * @param weightsBytes model weights
 * @param kvCacheBytes KV cache (and recurrent state) for the whole batch
 * @param kvCacheBytesPerToken KV cache per token of one sequence, before any window cap
 * @param activationBytes activation peak of the prefill forward pass
 * @param overheadBytes CUDA context and allocator reserve
 * @param totalBytes the sum of the four parts
 */
public record InferenceEstimate(
    DType dtype,
    DType kvDtype,
    long batchSize,
    long sequenceLength,
    long weightsBytes,
    long kvCacheBytes,
    long kvCacheBytesPerToken,
    long activationBytes,
    long overheadBytes,
    long totalBytes) {

  public InferenceEstimate {
    if (totalBytes != weightsBytes + kvCacheBytes + activationBytes + overheadBytes) {
      throw new IllegalArgumentException("inference parts do not sum to the total");
    }
  }
}
