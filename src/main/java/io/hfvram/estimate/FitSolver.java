package io.hfvram.estimate;

import io.hfvram.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Solves the fit questions by evaluating the real formulas of the inference and training halves:
 * monotone in batch, sequence and GPU count, so bisection finds the exact limit.
 */
final class FitSolver {
  static final long MAX_BATCH = 1L << 20;
  static final int MAX_TP = 64;
  static final int MAX_DP = 4096;

  private FitSolver() {}

  static Fit solve(Plan p) {
    ModelSpec spec = p.spec();
    Serving sv = p.serving();
    long mem = sv.gpuMemoryBytes();
    String gpu = sv.gpuName() == null ? "custom" : sv.gpuName();
    boolean fits = inferenceFits(p);
    int needed = 0;
    for (int tp = 1; tp <= MAX_TP; tp *= 2) {
      if (spec.numAttentionHeads() > 0 && spec.numAttentionHeads() % tp != 0 && tp > 1) {
        continue;
      }
      if (inferenceFits(p.withServing(sv.withTensorParallel(tp)))) {
        needed = tp;
        break;
      }
    }
    long maxSeq = maxSequenceLength(p);
    long maxBatch = maxBatchSize(p);
    TrainingSetup t = p.training();
    boolean trainingFits = trainingFits(p, t.gpus(), mem);
    int trainingNeeded = 0;
    if (t.zeroStage() > 0 || t.gpus() > 1) {
      for (int n = 1; n <= MAX_DP; n *= 2) {
        if (trainingFits(p, n, mem)) {
          trainingNeeded = n;
          break;
        }
      }
    } else if (trainingFits) {
      trainingNeeded = 1;
    }
    long neededSeq = maxSeq;
    long neededBatch = maxBatch;
    if (!fits && needed > sv.tensorParallel()) {
      Plan atNeeded = p.withServing(sv.withTensorParallel(needed));
      neededSeq = maxSequenceLength(atNeeded);
      neededBatch = maxBatchSize(atNeeded);
    }
    return new Fit(
        gpu,
        mem,
        fits,
        needed,
        maxSeq,
        maxBatch,
        trainingFits,
        trainingNeeded,
        neededSeq,
        neededBatch,
        trainingFits ? List.of() : Planner.suggest(p, mem));
  }

  /** The longest sequence that fits at the workload's batch, capped by the context; or 0. */
  static long maxSequenceLength(Plan p) {
    return largest(1, p.spec().maxContext(), x -> inferenceFits(p.withSequenceLength(x)));
  }

  /** The largest batch that fits at the workload's sequence length; or 0. */
  static long maxBatchSize(Plan p) {
    long seq = p.sequenceLength();
    return largest(1, MAX_BATCH, x -> inferenceFits(p.withBatchSize(x).withSequenceLength(seq)));
  }

  private static boolean inferenceFits(Plan p) {
    try {
      InferenceEstimate i = InferenceEstimator.estimate(p, new ArrayList<>(), new ArrayList<>());
      if (i.engine() == Engine.VLLM || i.engine() == Engine.SGLANG) {
        // Without attention layers (pure state-space) the pool holds states: it must exist.
        return i.kvCapacityTokens() < 0
            ? i.kvCacheBytes() > 0
            : i.kvCapacityTokens() >= Math.multiplyExact(i.batchSize(), i.sequenceLength());
      }
      return i.totalBytes() <= p.serving().gpuMemoryBytes();
    } catch (ArithmeticException e) {
      return false;
    }
  }

  private static boolean trainingFits(Plan p, int gpus, long mem) {
    try {
      TrainingSetup t = p.training();
      Plan sharded = p.withTraining(t.withSharding(gpus, t.zeroStage(), t.offload()));
      return TrainingEstimator.estimate(sharded, new ArrayList<>(), new ArrayList<>()).totalBytes()
          <= mem;
    } catch (ArithmeticException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The largest x in [lo, hi] with test(x), assuming test is monotone decreasing; 0 if none. */
  static long largest(long lo, long hi, LongPredicate test) {
    if (!test.test(lo)) {
      return 0;
    }
    while (lo < hi) {
      long mid = lo + (hi - lo + 1) / 2;
      if (test.test(mid)) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}
