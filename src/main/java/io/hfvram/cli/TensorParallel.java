package io.hfvram.cli;

import io.hfvram.estimate.WorkloadException;
import io.hfvram.spec.ModelSpec;

/**
 * Refuses a tensor-parallel size the engines refuse: vLLM and transformers' tp_plan split the
 * attention heads evenly across GPUs, so --tp must divide them; the KV heads are split the same
 * way, or replicated when --tp is a multiple of their count (vLLM's rule for GQA).
 */
final class TensorParallel {
  private TensorParallel() {}

  /** The reason {@code tp} cannot split this model, or null when it can. */
  static String problem(ModelSpec spec, int tp) {
    long heads = spec.numAttentionHeads();
    long kv = spec.numKeyValueHeads();
    if (tp <= 1 || heads <= 0) {
      return null;
    }
    if (heads % tp != 0) {
      return "--tp "
          + tp
          + " does not divide the model's "
          + heads
          + " attention heads (vLLM"
          + " refuses it too): use a divisor of "
          + heads;
    }
    if (kv > 0 && kv % tp != 0 && tp % kv != 0) {
      return "--tp "
          + tp
          + " neither divides the model's "
          + kv
          + " KV heads nor is a multiple"
          + " of them (vLLM refuses it too)";
    }
    return null;
  }

  /** Throws a usage error (exit 2; a failed row in a scan) when {@code tp} cannot split it. */
  static void check(ModelSpec spec, int tp) {
    String p = problem(spec, tp);
    if (p != null) {
      throw new WorkloadException(p);
    }
  }
}
