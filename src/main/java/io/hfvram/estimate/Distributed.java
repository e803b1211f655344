package io.hfvram.estimate;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Role;
import io.hfvram.spec.WeightGroup;

/**
 * Buffers of data-parallel training beside the sharded states (docs/formulas.md "FSDP and DDP").
 * Sources:
 *
 * <ul>
 *   <li>FSDP1 torch 2.13.0 distributed/fsdp/fully_sharded_data_parallel.py, defaults
 *       backward_prefetch=BACKWARD_PRE and limit_all_gathers=True, one unit per decoder layer
 *       (torchtune's wrap policy): in backward the current and the prefetched next unit are
 *       gathered (2 x unit x weight bytes), the current unit's unsharded gradient lives until its
 *       reduce-scatter (unit x gradient bytes), and the root unit (embeddings, final norm, the
 *       output layer) stays gathered after forward. These buffers are allocated on FSDP's unshard
 *       and post-backward streams, and the caching allocator reuses a block only on its own stream
 *       (c10/cuda/CUDACachingAllocator.cpp), so they stay reserved as pools of their own;
 *   <li>DDP torch 2.13.0 nn/parallel/distributed.py with gradient_as_bucket_view=False (the
 *       default, never changed by the HF Trainer): the reducer's buckets copy every gradient, + 1 x
 *       gradient bytes ("saves memory size equal to the total gradients size" when True).
 * </ul>
 */
final class Distributed {
  private Distributed() {}

  /** Parameters outside the decoder layers: embeddings, the output layer, the final norm. */
  static long rootParameters(ModelSpec spec) {
    long n = 0;
    long norms = 0;
    for (WeightGroup g : spec.weights()) {
      if (g.role() == Role.EMBEDDING || g.role() == Role.LM_HEAD) {
        n = Math.addExact(n, g.parameters());
      } else if (g.role() == Role.NORM && g.instances() % spec.numLayers() != 0) {
        norms = Math.addExact(norms, g.parameters());
      }
    }
    return Math.addExact(n, norms);
  }

  /** One decoder layer's parameters (the FSDP unit). */
  static long unitParameters(ModelSpec spec) {
    return Math.max(0, spec.parameters() - rootParameters(spec)) / spec.numLayers();
  }

  /**
   * FSDP's gathered buffers at the backward peak: root + 2 units in the compute dtype, and one
   * unit's unsharded gradient when the whole model trains.
   */
  static long fsdpGathered(ModelSpec spec, Precision pr, boolean full) {
    long unit = unitParameters(spec);
    long w = Math.multiplyExact(Math.addExact(rootParameters(spec), 2 * unit), pr.computeBytes());
    return Math.addExact(w, full ? Math.multiplyExact(unit, pr.gradientBytes()) : 0);
  }
}
