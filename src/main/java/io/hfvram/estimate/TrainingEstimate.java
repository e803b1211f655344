package io.hfvram.estimate;

/**
 * GPU memory for one training step, in bytes per GPU.
 *
 * @param method full, lora or qlora
 * @param optimizer the optimizer
 * @param precision the bytes-per-parameter convention
 * @param batchSize micro-batch size
 * @param sequenceLength tokens per sequence
 * @param trainableParameters parameters that receive gradients
 * @param weightsBytes model weights (all copies used in compute)
 * @param gradientBytes gradients of the trainable parameters
 * @param optimizerBytes optimizer states, fp32 master weights included
 * @param activationBytes activations saved for the backward pass, logits and loss included
 * @param overheadBytes CUDA context and allocator reserve
 * @param totalBytes the sum of the five parts
 */
public record TrainingEstimate(
    Method method,
    Optimizer optimizer,
    Precision precision,
    long batchSize,
    long sequenceLength,
    long trainableParameters,
    long weightsBytes,
    long gradientBytes,
    long optimizerBytes,
    long activationBytes,
    long overheadBytes,
    long totalBytes) {

  public TrainingEstimate {
    if (totalBytes
        != weightsBytes + gradientBytes + optimizerBytes + activationBytes + overheadBytes) {
      throw new IllegalArgumentException("training parts do not sum to the total");
    }
  }
}
