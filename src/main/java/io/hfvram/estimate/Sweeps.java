package io.hfvram.estimate;

import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/** Estimates over ranges: memory against context per dtype, and limits per dtype and GPU. */
public final class Sweeps {
  /** The dtypes a sweep compares. */
  public static final List<DType> DTYPES =
      List.of(DType.FP32, DType.BF16, DType.FP8, DType.INT8, DType.INT4);

  private Sweeps() {}

  /** One dtype's inference total at each context length. */
  public record Curve(DType dtype, List<Long> contexts, List<Long> totalBytes) {}

  /** One cell of the sweep table. */
  public record Cell(DType dtype, Gpus.Gpu gpu, long maxSequenceLength, long maxBatchSize) {}

  /** Context lengths from 256 doubling to the model's context (which is always included). */
  public static List<Long> contexts(ModelSpec spec) {
    List<Long> xs = new ArrayList<>();
    for (long c = 256; c < spec.maxContext() && xs.size() < 24; c *= 2) {
      xs.add(c);
    }
    xs.add(spec.maxContext());
    return xs;
  }

  /** Inference totals against context for each dtype, at the workload's batch. */
  public static List<Curve> memoryVsContext(ModelSpec spec, Workload w) {
    List<Curve> curves = new ArrayList<>();
    List<Long> xs = contexts(spec);
    for (DType d : DTYPES) {
      List<Long> ys = new ArrayList<>();
      for (long x : xs) {
        try {
          Plan plan = Plan.of(spec, w.withDtype(d).withSequenceLength(x));
          ys.add(
              InferenceEstimator.estimate(plan, new ArrayList<>(), new ArrayList<>()).totalBytes());
        } catch (ArithmeticException e) {
          ys.add(Long.MAX_VALUE);
        }
      }
      curves.add(new Curve(d, xs, ys));
    }
    return curves;
  }

  /**
   * For each dtype and GPU: the longest context at the batch, the largest batch at the sequence.
   */
  public static List<Cell> sweep(ModelSpec spec, Workload w, List<Gpus.Gpu> gpus) {
    List<Cell> cells = new ArrayList<>();
    for (DType d : DTYPES) {
      for (Gpus.Gpu g : gpus) {
        Workload x = w.withDtype(d).withServing(w.serving().withGpu(g));
        Plan plan = Plan.of(spec, x);
        cells.add(new Cell(d, g, FitSolver.maxSequenceLength(plan), FitSolver.maxBatchSize(plan)));
      }
    }
    return cells;
  }
}
