package io.hfvram.estimate;

/**
 * SGLang's server arguments that size its memory (python/sglang/srt/server_args.py); 0 means
 * SGLang's automatic default.
 *
 * @param memFractionStatic --mem-fraction-static, in (0, 1), or 0 for the default by GPU memory
 * @param chunkedPrefillSize --chunked-prefill-size, or 0 for the default by GPU memory
 * @param cudaGraphMaxBs --cuda-graph-max-bs, or 0 for the default by GPU memory and TP
 * @param maxRunningRequests --max-running-requests, or 0 for the pool's default
 */
public record SglangSetup(
    double memFractionStatic,
    long chunkedPrefillSize,
    long cudaGraphMaxBs,
    long maxRunningRequests) {

  public SglangSetup {
    if (!(memFractionStatic >= 0 && memFractionStatic < 1)) {
      throw new IllegalArgumentException("mem fraction static must be in (0, 1)");
    }
    if (chunkedPrefillSize < 0 || cudaGraphMaxBs < 0 || maxRunningRequests < 0) {
      throw new IllegalArgumentException("SGLang sizes must not be negative");
    }
  }

  /** Every setting at SGLang's automatic default. */
  public static SglangSetup defaults() {
    return new SglangSetup(0, 0, 0, 0);
  }
}
