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
 * @param overheadBytes CUDA context and allocator reserve (contextBytes + reservedBytes -
 *     allocatorPeakBytes)
 * @param totalBytes what the device must hold, as nvidia-smi shows it: the sum of the six parts
 * @param gpus data-parallel GPUs
 * @param zeroStage ZeRO stage (0 = DDP)
 * @param offload CPU offload
 * @param cpuBytes CPU memory for offloaded states (whole node), 0 without offload
 * @param loraRank the LoRA rank, 0 for full fine-tuning
 * @param checkpointing activation checkpointing
 * @param transientBytes temporaries on top of the saved activations at the peak: the loss at the
 *     head's backward, a layer's backward (QLoRA dequantisation, FSDP's gathered units) or the
 *     optimizer step's temporaries, whichever is highest (0 without a framework profile)
 * @param allocatorPeakBytes what torch.cuda.max_memory_allocated would report: weights + gradients
 *     + optimizer + activations + transients
 * @param reservedBytes what torch.cuda.max_memory_reserved would report: the allocator peak plus
 *     the caching allocator's reserve
 * @param contextBytes CUDA context and kernels, outside torch's allocator
 * @param framework the framework profile
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
    Checkpointing checkpointing,
    long transientBytes,
    long allocatorPeakBytes,
    long reservedBytes,
    long contextBytes,
    Framework framework) {

  public TrainingEstimate {
    if (allocatorPeakBytes
        != weightsBytes + gradientBytes + optimizerBytes + activationBytes + transientBytes) {
      throw new IllegalArgumentException("training parts do not sum to the allocator peak");
    }
    if (totalBytes != allocatorPeakBytes + overheadBytes
        || totalBytes != reservedBytes + contextBytes
        || reservedBytes < allocatorPeakBytes) {
      throw new IllegalArgumentException("training parts do not sum to the total");
    }
  }
}
