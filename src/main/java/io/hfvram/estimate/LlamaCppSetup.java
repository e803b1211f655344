package io.hfvram.estimate;

/**
 * llama.cpp's context parameters that size its memory (common/common.h defaults).
 *
 * @param contextSize -c, KV cells; 0 for the model's trained context (llama.cpp's -c 0)
 * @param cacheTypeK -ctk
 * @param cacheTypeV -ctv (quantized types need flash attention)
 * @param gpuLayers -ngl: the last N repeating layers on the GPU, the output layer too when N
 *     exceeds the layer count; -1 for all
 * @param batch -b, n_batch (logical batch)
 * @param ubatch -ub, n_ubatch (physical batch: sizes the compute buffers)
 * @param flashAttention -fa on (off: the K x Q scores are materialised)
 * @param parallel -np, sequences (output rows of logits)
 * @param mmprojBytes the multimodal projector file's size, on the GPU; 0 for none
 */
public record LlamaCppSetup(
    long contextSize,
    GgmlType cacheTypeK,
    GgmlType cacheTypeV,
    int gpuLayers,
    long batch,
    long ubatch,
    boolean flashAttention,
    int parallel,
    long mmprojBytes) {

  public LlamaCppSetup {
    if (cacheTypeK == null) {
      cacheTypeK = GgmlType.F16;
    }
    if (cacheTypeV == null) {
      cacheTypeV = GgmlType.F16;
    }
    if (contextSize < 0 || batch < 1 || ubatch < 1 || parallel < 1 || mmprojBytes < 0) {
      throw new IllegalArgumentException("llama.cpp sizes must be positive");
    }
    if (gpuLayers < -1) {
      throw new IllegalArgumentException("--n-gpu-layers must be -1 (all) or more");
    }
  }

  /** llama.cpp's defaults: -c 4096, f16 cache, all layers on the GPU, -b 2048, -ub 512, FA on. */
  public static LlamaCppSetup defaults() {
    return new LlamaCppSetup(4096, GgmlType.F16, GgmlType.F16, -1, 2048, 512, true, 1, 0);
  }
}
