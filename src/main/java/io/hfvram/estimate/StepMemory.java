package io.hfvram.estimate;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.WeightGroup;
import java.util.List;

/**
 * Optimizer state and step temporaries as the implementations allocate them (docs/formulas.md
 * "Optimizer step"). Sources:
 *
 * <ul>
 *   <li>foreach AdamW: torch 2.13.0 torch/optim/adam.py {@code _multi_tensor_adam}: {@code
 *       exp_avg_sq_sqrt = torch._foreach_sqrt(device_exp_avg_sqs)} allocates one tensor per
 *       parameter of the group (state bytes x trainable), live during step();
 *   <li>fused AdamW (fused=True) and bitsandbytes' 8-bit kernels update in place: no temporary;
 *   <li>per-parameter loops: transformers 4.x AdamW ({@code denom = exp_avg_sq.sqrt().add_(eps)},
 *       the largest parameter in fp32) and Adafactor (transformers optimization.py: {@code grad**2
 *       + eps} and the factored outer product, 2 x the largest parameter x 4 B);
 *   <li>bitsandbytes 0.45.0 bitsandbytes/optim/optimizer.py Optimizer2State: 8-bit states are 1
 *       byte each plus an fp32 absmax per 256-element block, 2 x (n + 4 x ceil(n / 256)).
 * </ul>
 */
final class StepMemory {
  /** bitsandbytes' block size for the 8-bit optimizer states (0.45.0). */
  static final long BNB_BLOCK = 256;

  private StepMemory() {}

  /** bitsandbytes 8-bit Adam's two states with their fp32 block absmax. */
  static long adam8bitStates(long trainable) {
    return Math.multiplyExact(
        2,
        Math.addExact(trainable, Math.multiplyExact(4, (trainable + BNB_BLOCK - 1) / BNB_BLOCK)));
  }

  /** Temporaries of one optimizer step over the (sharded) trainable parameters. */
  static long temporaries(
      OptimizerStep step, Optimizer o, Precision pr, long trainable, long largest) {
    if (step == null || o == Optimizer.ADAMW_8BIT || o == Optimizer.SGD) {
      return 0;
    }
    if (o == Optimizer.ADAFACTOR) {
      return step == OptimizerStep.FUSED ? 0 : Math.multiplyExact(largest, 8);
    }
    return switch (step) {
      case FUSED -> 0;
      case FOREACH -> Math.multiplyExact(trainable, pr.stateBytes());
      case PER_PARAM -> Math.multiplyExact(largest, 4);
    };
  }

  /** The largest trainable tensor: a weight for a full fine-tune, else an adapter matrix. */
  static long largestTrainable(ModelSpec spec, TrainingSetup t) {
    if (t.method() == Method.FULL) {
      return TrainingEstimator.largestLayer(spec);
    }
    long max = 0;
    List<String> targets = t.loraTargets();
    for (WeightGroup g : spec.weights()) {
      if (Lora.targeted(spec, g, targets)) {
        max = Math.max(max, t.loraRank() * Math.max(g.inFeatures(), g.outFeatures()));
      }
    }
    return max;
  }
}
