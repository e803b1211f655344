package io.hfvram.estimate;

import java.util.Locale;

/**
 * Device memory that the CUDA context and the loaded kernels take outside torch's allocator, by GPU
 * generation and module loading (docs/formulas.md, "CUDA context"). Sources:
 *
 * <ul>
 *   <li>eager loading (CUDA before 11.7, every module loaded at init): 1,343 MiB measured on a V100
 *       after a 1x1 tensor (transformers 57ddbf5ead36 docs/source/zh/perf_train_gpu_one.md; pytorch
 *       issue #107667: "&gt; 1000 MB");
 *   <li>lazy loading (CUDA 11.7+, PyTorch's default): Ampere RTX 3090 256 MiB (torch 2.7.1,
 *       invoke-ai/InvokeAI #9413), Ada RTX 6000 426 MiB (torch 2.10, unslothai/unsloth-zoo PR
 *       #1053), Hopper H100 about 0.5 GiB at vLLM start-up (measured.md 1a), Blackwell RTX PRO 6000
 *       555 MiB (ggml-org/llama.cpp PR #23604), other or unknown "around 400 MB" (pytorch issue
 *       #109888).
 * </ul>
 */
public enum CudaContext {
  /** CUDA before 11.7: all kernels loaded at start-up. */
  EAGER(1343L << 20),
  /** Lazy loading on a Volta GPU (no specific figure: the generic one). */
  VOLTA(400_000_000L),
  /** Lazy loading on Ampere. */
  AMPERE(256L << 20),
  /** Lazy loading on Ada Lovelace. */
  ADA(426L << 20),
  /** Lazy loading on Hopper. */
  HOPPER(512L << 20),
  /** Lazy loading on Blackwell. */
  BLACKWELL(555L << 20),
  /** Lazy loading, GPU not known. */
  LAZY(400_000_000L);

  private final long bytes;

  CudaContext(long bytes) {
    this.bytes = bytes;
  }

  /** The context's device bytes. */
  public long bytes() {
    return bytes;
  }

  /** The lower-case name used on the command line and in JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The lazy-loading context of a catalog GPU, from its id or name; LAZY when unknown. */
  static CudaContext forGpu(String gpu) {
    if (gpu == null) {
      return LAZY;
    }
    String g = gpu.toLowerCase(Locale.ROOT);
    if (g.contains("v100")) {
      return VOLTA;
    }
    if (g.contains("h100") || g.contains("h200") || g.contains("h800") || g.contains("gh200")) {
      return HOPPER;
    }
    if (g.contains("b200")
        || g.contains("b100")
        || g.contains("5090")
        || g.contains("pro-6000")
        || g.contains("blackwell")) {
      return BLACKWELL;
    }
    if (g.contains("4090")
        || g.contains("4080")
        || g.contains("l40")
        || g.contains("l4")
        || g.contains("ada")
        || g.contains("4060")) {
      return ADA;
    }
    if (g.contains("a100")
        || g.contains("a10")
        || g.contains("a6000")
        || g.contains("3090")
        || g.contains("a40")
        || g.contains("a800")
        || g.contains("3080")) {
      return AMPERE;
    }
    return LAZY;
  }

  @Override
  public String toString() {
    return id();
  }
}
