package io.hfvram.estimate;

import io.hfvram.spec.ModelSpec;

/**
 * Solves the fit questions by evaluating the real formulas: monotone in batch, sequence and GPU
 * count, so bisection finds the exact limit.
 */
final class FitSolver {
  static final long MAX_BATCH = 1L << 20;
  static final int MAX_TP = 64;
  static final int MAX_DP = 4096;

  private FitSolver() {}

  static Fit solve(ModelSpec spec, Workload w) {
    long mem = w.serving().gpuMemoryBytes();
    String gpu = w.serving().gpuName() == null ? "custom" : w.serving().gpuName();
    boolean fits = inferenceFits(spec, w);
    int needed = 0;
    for (int tp = 1; tp <= MAX_TP; tp *= 2) {
      if (spec.numAttentionHeads() > 0 && spec.numAttentionHeads() % tp != 0 && tp > 1) {
        continue;
      }
      if (inferenceFits(spec, w.withServing(w.serving().withTensorParallel(tp)))) {
        needed = tp;
        break;
      }
    }
    long maxSeq = maxSequenceLength(spec, w);
    long maxBatch = maxBatchSize(spec, w);
    boolean trainingFits = trainingFits(spec, w, w.training().gpus(), mem);
    int trainingNeeded = 0;
    if (w.training().zeroStage() > 0 || w.training().gpus() > 1) {
      for (int n = 1; n <= MAX_DP; n *= 2) {
        if (trainingFits(spec, w, n, mem)) {
          trainingNeeded = n;
          break;
        }
      }
    } else if (trainingFits) {
      trainingNeeded = 1;
    }
    return new Fit(gpu, mem, fits, needed, maxSeq, maxBatch, trainingFits, trainingNeeded);
  }

  /** The longest sequence that fits at the workload's batch, capped by the context; or 0. */
  static long maxSequenceLength(ModelSpec spec, Workload w) {
    return largest(1, spec.maxContext(), x -> inferenceFits(spec, w.withSequenceLength(x)));
  }

  /** The largest batch that fits at the workload's sequence length; or 0. */
  static long maxBatchSize(ModelSpec spec, Workload w) {
    long seq = Estimator.sequenceLength(spec, w);
    return largest(1, MAX_BATCH, x -> inferenceFits(spec, w.withBatchSize(x)
        .withSequenceLength(seq)));
  }

  private static boolean inferenceFits(ModelSpec spec, Workload w) {
    try {
      InferenceEstimate i = Estimator.inference(spec, w, new java.util.ArrayList<>());
      if (i.engine() == Engine.VLLM) {
        // Without attention layers (pure state-space) the pool holds states: it must exist.
        return i.kvCapacityTokens() < 0 ? i.kvCacheBytes() > 0
            : i.kvCapacityTokens() >= Math.multiplyExact(i.batchSize(), i.sequenceLength());
      }
      return i.totalBytes() <= w.serving().gpuMemoryBytes();
    } catch (ArithmeticException e) {
      return false;
    }
  }

  private static boolean trainingFits(ModelSpec spec, Workload w, int gpus, long mem) {
    try {
      TrainingSetup t = w.training();
      Workload sharded = w.withTraining(t.withSharding(gpus, t.zeroStage(), t.offload()));
      return Estimator.training(spec, sharded, new java.util.ArrayList<>()).totalBytes() <= mem;
    } catch (ArithmeticException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The largest x in [lo, hi] with test(x), assuming test is monotone decreasing; 0 if none. */
  static long largest(long lo, long hi, java.util.function.LongPredicate test) {
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
