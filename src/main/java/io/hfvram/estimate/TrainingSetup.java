package io.hfvram.estimate;

/**
 * How the model is trained.
 *
 * @param method full fine-tune, LoRA or QLoRA
 * @param optimizer the optimizer
 * @param precision bytes-per-parameter convention; null picks mixed for 16-bit weights and
 *     fp32 for fp32 weights
 */
public record TrainingSetup(Method method, Optimizer optimizer, Precision precision) {

  public TrainingSetup {
    if (method == null) {
      method = Method.FULL;
    }
    if (optimizer == null) {
      optimizer = Optimizer.ADAMW;
    }
  }

  /** Full fine-tune with AdamW, precision chosen from the dtype. */
  public static TrainingSetup defaults() {
    return new TrainingSetup(Method.FULL, Optimizer.ADAMW, null);
  }
}
