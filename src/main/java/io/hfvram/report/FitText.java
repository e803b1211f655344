package io.hfvram.report;

import io.hfvram.core.Numbers;
import io.hfvram.estimate.Engine;
import io.hfvram.estimate.Estimate;
import io.hfvram.estimate.Fit;
import io.hfvram.estimate.InferenceEstimate;

/**
 * The sentences of a fit shared by the table, Markdown and HTML: the verdict with a warning when
 * the headroom is tight, and the limits at the GPU count that fits when the configured one does
 * not.
 */
final class FitText {
  /** A fit with less than this share of the GPU's memory to spare is called tight. */
  static final double TIGHT = 0.05;

  private FitText() {}

  /** "fits", "fits with 0.70 GiB to spare (tight: under 5% headroom)" or "does not fit". */
  static String verdict(boolean fits, long capacity, long total, RenderOptions.UnitSystem u) {
    if (!fits) {
      return "does not fit";
    }
    long spare = capacity - total;
    if (spare >= 0 && spare < TIGHT * capacity) {
      return "fits with "
          + u.format(spare)
          + " to spare (tight: under "
          + Math.round(TIGHT * 100)
          + "% headroom)";
    }
    return "fits";
  }

  /** The inference verdict; vLLM fills the memory it is given, so it is never called tight. */
  static String inference(Fit f, InferenceEstimate i, RenderOptions.UnitSystem u) {
    return i.engine() == Engine.VLLM
        ? (f.fits() ? "fits" : "does not fit")
        : verdict(f.fits(), f.gpuMemoryBytes(), i.totalBytes(), u);
  }

  /** The training verdict, per GPU. */
  static String training(Fit f, Estimate e, RenderOptions.UnitSystem u) {
    return verdict(f.trainingFits(), f.gpuMemoryBytes(), e.training().totalBytes(), u);
  }

  /** Whether the configured GPU count is too few while some count up to 64 fits. */
  static boolean needsMore(Fit f, InferenceEstimate i) {
    return !f.fits() && f.gpusNeeded() > i.tensorParallel();
  }

  /**
   * The limits: at the configured GPU count, or, when it is too few, "needs N GPUs; with --tp N:
   * ..." at the count that fits; or that none fits on up to 64.
   */
  static String limits(Fit f, InferenceEstimate i) {
    if (needsMore(f, i)) {
      return "needs "
          + f.gpusNeeded()
          + " GPUs; with --tp "
          + f.gpusNeeded()
          + ": longest sequence at batch "
          + i.batchSize()
          + ": "
          + Numbers.grouped(f.neededMaxSequenceLength())
          + "; largest batch at sequence "
          + i.sequenceLength()
          + ": "
          + Numbers.grouped(f.neededMaxBatchSize());
    }
    if (!f.fits() && f.gpusNeeded() == 0 && f.maxSequenceLength() == 0) {
      return "does not fit on up to 64 GPUs at any sequence length";
    }
    return "longest sequence at batch "
        + i.batchSize()
        + ": "
        + Numbers.grouped(f.maxSequenceLength())
        + "; largest batch at sequence "
        + i.sequenceLength()
        + ": "
        + Numbers.grouped(f.maxBatchSize());
  }
}
