package io.hfvram.estimate;

import io.hfvram.spec.DType;

/**
 * What the user wants to run: the inference dtypes, batch and sequence, the serving setup and the
 * training setup.
 *
 * @param dtype weights dtype; null means the checkpoint's own
 * @param kvDtype KV cache dtype; null means the weights' (16-bit for quantized weights)
 * @param batchSize sequences per batch (per GPU for training), at least 1
 * @param sequenceLength tokens per sequence; 0 means min(4096, the model's max context)
 * @param attention the attention kernel
 * @param overheadBytes fixed runtime overhead instead of the default model; null for default
 * @param training the training setup
 * @param serving the serving setup
 */
public record Workload(
    DType dtype,
    DType kvDtype,
    long batchSize,
    long sequenceLength,
    AttentionImpl attention,
    Long overheadBytes,
    TrainingSetup training,
    Serving serving) {

  /** The default sequence length cap when the user gives none. */
  public static final long DEFAULT_SEQUENCE_CAP = 4096;

  public Workload {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (sequenceLength < 0) {
      throw new IllegalArgumentException("sequence length must be positive, got " + sequenceLength);
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
    if (serving == null) {
      serving = Serving.defaults();
    }
  }

  /** A workload with default serving. */
  public Workload(
      DType dtype,
      DType kvDtype,
      long batchSize,
      long sequenceLength,
      AttentionImpl attention,
      Long overheadBytes,
      TrainingSetup training) {
    this(dtype, kvDtype, batchSize, sequenceLength, attention, overheadBytes, training, null);
  }

  /** Checkpoint dtype, batch 1, default sequence, flash attention, full AdamW fine-tune. */
  public static Workload defaults() {
    return new Workload(
        null, null, 1, 0, AttentionImpl.FLASH, null, TrainingSetup.defaults(), Serving.defaults());
  }

  public Workload withBatchSize(long b) {
    return new Workload(
        dtype, kvDtype, b, sequenceLength, attention, overheadBytes, training, serving);
  }

  public Workload withSequenceLength(long s) {
    return new Workload(dtype, kvDtype, batchSize, s, attention, overheadBytes, training, serving);
  }

  public Workload withDtype(DType d) {
    return new Workload(
        d, kvDtype, batchSize, sequenceLength, attention, overheadBytes, training, serving);
  }

  public Workload withKvDtype(DType d) {
    return new Workload(
        dtype, d, batchSize, sequenceLength, attention, overheadBytes, training, serving);
  }

  public Workload withAttention(AttentionImpl a) {
    return new Workload(
        dtype, kvDtype, batchSize, sequenceLength, a, overheadBytes, training, serving);
  }

  public Workload withTraining(TrainingSetup t) {
    return new Workload(
        dtype, kvDtype, batchSize, sequenceLength, attention, overheadBytes, t, serving);
  }

  public Workload withServing(Serving s) {
    return new Workload(
        dtype, kvDtype, batchSize, sequenceLength, attention, overheadBytes, training, s);
  }
}
