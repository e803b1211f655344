package io.hfvram.estimate;

import io.hfvram.spec.DType;

/**
 * What the user wants to run: the inference dtypes, batch and sequence, and the training setup.
 *
 * @param dtype weights dtype; null means the checkpoint's own
 * @param kvDtype KV cache dtype; null means the weights' (16-bit for quantized weights)
 * @param batchSize sequences per batch, at least 1
 * @param sequenceLength tokens per sequence; 0 means min(4096, the model's max context)
 * @param attention the attention kernel
 * @param overheadBytes fixed runtime overhead to use instead of the default model; null for the
 *     default
 * @param training the training setup
 */
public record Workload(
    DType dtype,
    DType kvDtype,
    long batchSize,
    long sequenceLength,
    AttentionImpl attention,
    Long overheadBytes,
    TrainingSetup training) {

  /** The default sequence length cap when the user gives none. */
  public static final long DEFAULT_SEQUENCE_CAP = 4096;

  public Workload {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (sequenceLength < 0) {
      throw new IllegalArgumentException("sequence length must be positive, got "
          + sequenceLength);
    }
    if (overheadBytes != null && overheadBytes < 0) {
      throw new IllegalArgumentException("overhead must not be negative");
    }
    if (attention == null) {
      attention = AttentionImpl.FLASH;
    }
    if (training == null) {
      training = TrainingSetup.defaults();
    }
  }

  /** Checkpoint dtype, batch 1, default sequence, flash attention, full AdamW fine-tune. */
  public static Workload defaults() {
    return new Workload(null, null, 1, 0, AttentionImpl.FLASH, null, TrainingSetup.defaults());
  }

  /** A copy with another batch size. */
  public Workload withBatchSize(long b) {
    return new Workload(dtype, kvDtype, b, sequenceLength, attention, overheadBytes, training);
  }

  /** A copy with another sequence length. */
  public Workload withSequenceLength(long s) {
    return new Workload(dtype, kvDtype, batchSize, s, attention, overheadBytes, training);
  }

  /** A copy with another weights dtype. */
  public Workload withDtype(DType d) {
    return new Workload(d, kvDtype, batchSize, sequenceLength, attention, overheadBytes, training);
  }
}
