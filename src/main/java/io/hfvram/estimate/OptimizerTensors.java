package io.hfvram.estimate;

import io.hfvram.core.Numbers;
import java.util.List;
import java.util.stream.Stream;

/**
 * The tensors an optimizer allocates for one parameter, for {@link StepTrace}: its states (created
 * lazily at the first step, as torch.optim and bitsandbytes do) and the temporaries of its update
 * (see {@link StepMemory} for the sources).
 */
final class OptimizerTensors {
  /** bitsandbytes keeps 32-bit states for tensors under this many elements (min_8bit_size). */
  static final long MIN_8BIT_SIZE = 4096;

  private OptimizerTensors() {}

  /** State tensors of one parameter, in bytes. */
  static List<Long> states(Optimizer o, Precision pr, StepTrace.Param w) {
    long n = w.elements();
    long s = Math.multiplyExact(n, pr.stateBytes());
    List<Long> master = pr.masterBytes() > 0 ? List.of(Math.multiplyExact(n, 4)) : List.of();
    List<Long> own =
        switch (o) {
          case ADAMW -> List.of(s, s);
          case SGD_MOMENTUM, LION -> List.of(s);
          case SGD -> List.of();
          case ADAMW_8BIT ->
              n < MIN_8BIT_SIZE
                  ? List.of(n * 4, n * 4)
                  : List.of(
                      n,
                      n,
                      4 * Numbers.ceilDiv(n, StepMemory.BNB_BLOCK),
                      4 * Numbers.ceilDiv(n, StepMemory.BNB_BLOCK));
          // transformers' Adafactor: factored row and column second moments for matrices
          case ADAFACTOR -> w.matrix() ? List.of(4 * w.rows(), 4 * (n / w.rows())) : List.of(n * 4);
        };
    if (master.isEmpty()) {
      return own;
    }
    return Stream.concat(master.stream(), own.stream()).toList();
  }

  /** Temporaries of one parameter's update (foreach: all parameters' at once). */
  static List<Long> temporaries(OptimizerStep step, Optimizer o, Precision pr, StepTrace.Param w) {
    long n = w.elements();
    if (step == null
        || step == OptimizerStep.FUSED
        || o == Optimizer.ADAMW_8BIT
        || o == Optimizer.SGD) {
      return List.of();
    }
    if (o == Optimizer.ADAFACTOR) {
      return List.of(n * 4, n * 4);
    }
    return switch (step) {
      case FOREACH -> List.of(Math.multiplyExact(n, pr.stateBytes()));
      case PER_PARAM -> List.of(Math.multiplyExact(n, 4));
      case FUSED -> List.of();
    };
  }
}
