package io.hfvram.estimate;

import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;

/**
 * One workload's defaults resolved against one model, once, so that the inference and training
 * halves and the fit solver read the same values (docs/formulas.md, README options).
 *
 * @param stored the checkpoint as stored, with its multi-token-prediction layers (which vLLM loads
 *     for MTP speculative decoding)
 * @param spec the model as loaded (without the MTP layers)
 * @param workload the workload as the user gave it (null dtypes and sequence 0 kept)
 * @param weightDtype the workload's dtype, else the checkpoint's
 * @param kvDtype the workload's KV dtype, else the weights' (bf16 for sub-16-bit weights)
 * @param sequenceLength the workload's sequence length, else min(4096, the model's context)
 * @param precision the workload's training precision, else fp32 for fp32 weights, else mixed (pure
 *     bf16 under a framework profile: HF Trainer and torchtune keep 16-bit models' states in their
 *     dtype)
 */
record Plan(
    ModelSpec stored,
    ModelSpec spec,
    Workload workload,
    DType weightDtype,
    DType kvDtype,
    long sequenceLength,
    Precision precision) {

  /** Resolves the workload's defaults against the model (stored as loaded). */
  static Plan of(ModelSpec spec, Workload w) {
    return of(spec, spec, w);
  }

  /** Resolves the workload's defaults against the model as loaded; {@code stored} beside it. */
  static Plan of(ModelSpec stored, ModelSpec spec, Workload w) {
    DType weights = w.dtype() != null ? w.dtype() : spec.weightDtype();
    DType kv =
        w.kvDtype() != null ? w.kvDtype() : weights.isFloat16OrWider() ? weights : DType.BF16;
    long seq =
        w.sequenceLength() > 0
            ? w.sequenceLength()
            : Math.min(Workload.DEFAULT_SEQUENCE_CAP, spec.maxContext());
    Precision p =
        w.training().precision() != null
            ? w.training().precision()
            : weights == DType.FP32
                ? Precision.FP32
                : w.training().mechanisms().profiled() ? Precision.BF16 : Precision.MIXED;
    return new Plan(stored, spec, w, weights, kv, seq, p);
  }

  long batchSize() {
    return workload.batchSize();
  }

  AttentionImpl attention() {
    return workload.attention();
  }

  Serving serving() {
    return workload.serving();
  }

  TrainingSetup training() {
    return workload.training();
  }

  /** The same model with the sequence length changed, defaults resolved again. */
  Plan withSequenceLength(long s) {
    return of(stored, spec, workload.withSequenceLength(s));
  }

  /** The same model with the batch size changed, defaults resolved again. */
  Plan withBatchSize(long b) {
    return of(stored, spec, workload.withBatchSize(b));
  }

  /** The same model with the serving setup changed, defaults resolved again. */
  Plan withServing(Serving s) {
    return of(stored, spec, workload.withServing(s));
  }

  /** The same model with the training setup changed, defaults resolved again. */
  Plan withTraining(TrainingSetup t) {
    return of(stored, spec, workload.withTraining(t));
  }
}
