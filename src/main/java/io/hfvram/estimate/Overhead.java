package io.hfvram.estimate;

import io.hfvram.core.Numbers;

/** The runtime overhead beside the model's own tensors: hf-vram's default model or --overhead. */
final class Overhead {
  /** CUDA context and kernels loaded by PyTorch (not seen by torch.cuda memory counters). */
  static final long CUDA_CONTEXT_BYTES = 512L << 20;

  /** Allocator reserve (fragmentation) as a fraction of the dynamic allocations. */
  static final double ALLOCATOR_RESERVE = 0.10;

  /** The start of the default overhead's explanation, to be followed by the dynamic bytes. */
  static final String FORMULA =
      "CUDA context "
          + Numbers.grouped(CUDA_CONTEXT_BYTES)
          + " + "
          + Math.round(ALLOCATOR_RESERVE * 100)
          + "% x ";

  private Overhead() {}

  /** The workload's fixed overhead, else the CUDA context plus the reserve on the dynamic bytes. */
  static long bytes(Workload w, long dynamicBytes) {
    if (w.overheadBytes() != null) {
      return w.overheadBytes();
    }
    return Math.addExact(CUDA_CONTEXT_BYTES, (long) Math.ceil(dynamicBytes * ALLOCATOR_RESERVE));
  }
}
