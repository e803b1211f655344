package io.hfvram.estimate;

/**
 * GPU memory for one training step, in bytes per GPU.
 *
 * @param method full, lora or qlora
 * @param optimizer the optimizer
 * @param precision the bytes-per-parameter convention
 * @param batchSize micro-batch size per GPU
 * @param sequenceLength tokens per sequence
 * @param trainableParameters parameters that receive gradients
 * @param weightsBytes model weights (all copies used in compute), per GPU
 * @param gradientBytes gradients of the trainable parameters, per GPU
 * @param optimizerBytes optimizer states, fp32 master weights included, per GPU
 * @param activationBytes activations saved for the backward pass, logits and loss included
 * @param overheadBytes CUDA context and allocator reserve
 * @param totalBytes the sum of the five parts
 * @param gpus data-parallel GPUs
 * @param zeroStage ZeRO stage (0 = DDP)
 * @param offload CPU offload
 * @param cpuBytes CPU memory for offloaded states (whole node), 0 without offload
 * @param loraRank the LoRA rank, 0 for full fine-tuning
 * @param checkpointing activation checkpointing
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
    long totalBytes,
    int gpus,
    int zeroStage,
    Offload offload,
    long cpuBytes,
    long loraRank,
    Checkpointing checkpointing) {

  public TrainingEstimate {
    if (totalBytes
        != weightsBytes + gradientBytes + optimizerBytes + activationBytes + overheadBytes) {
      throw new IllegalArgumentException("training parts do not sum to the total");
    }
  }
}
