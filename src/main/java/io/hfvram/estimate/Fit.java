package io.hfvram.estimate;

import java.util.List;

/**
 * Whether the workload fits a GPU, and the limits solved over the real formulas.
 *
 * @param gpu the GPU's id or description
 * @param gpuMemoryBytes its memory
 * @param fits whether inference fits on the configured number of GPUs
 * @param gpusNeeded the fewest tensor-parallel GPUs (1, 2, 4 ... 64) inference fits on; 0 if none
 * @param maxSequenceLength the longest sequence that fits at the batch size, capped by the model's
 *     context; 0 if none
 * @param maxBatchSize the largest batch that fits at the sequence length; 0 if none
 * @param trainingFits whether training fits per GPU
 * @param trainingGpusNeeded the fewest data-parallel GPUs (1, 2, 4 ... 4096) training fits on with
 *     the configured ZeRO stage; 0 if none
 * @param neededMaxSequenceLength the longest sequence at the batch size with tensor parallel {@code
 *     gpusNeeded}; 0 if none
 * @param neededMaxBatchSize the largest batch at the sequence length with tensor parallel {@code
 *     gpusNeeded}; 0 if none
 * @param suggestions when training does not fit, the cheapest configurations that do (fewest
 *     changes first), at most {@link Planner#LIMIT}; empty when it fits or nothing tried fits
 */
public record Fit(
    String gpu,
    long gpuMemoryBytes,
    boolean fits,
    int gpusNeeded,
    long maxSequenceLength,
    long maxBatchSize,
    boolean trainingFits,
    int trainingGpusNeeded,
    long neededMaxSequenceLength,
    long neededMaxBatchSize,
    List<Suggestion> suggestions) {
  public Fit {
    suggestions = suggestions == null ? List.of() : List.copyOf(suggestions);
  }

  /** A fit without suggestions whose limits at {@code gpusNeeded} GPUs are the configured ones. */
  public Fit(
      String gpu,
      long gpuMemoryBytes,
      boolean fits,
      int gpusNeeded,
      long maxSequenceLength,
      long maxBatchSize,
      boolean trainingFits,
      int trainingGpusNeeded) {
    this(
        gpu,
        gpuMemoryBytes,
        fits,
        gpusNeeded,
        maxSequenceLength,
        maxBatchSize,
        trainingFits,
        trainingGpusNeeded,
        maxSequenceLength,
        maxBatchSize,
        List.of());
  }
}
