package io.hfvram.estimate;

import java.util.Locale;

/**
 * The bytes-per-parameter convention of training. Optimizer state bytes come from {@link
 * Optimizer}; this says how wide the weights, gradients and master copies are, and which part ZeRO
 * partitions at which stage (docs/formulas.md).
 */
public enum Precision {
  /** Everything in fp32: 4 B weights, 4 B gradients, fp32 optimizer states. */
  FP32(4, 0, 4, 0, 4, 4),
  /**
   * Mixed precision as in the ZeRO paper (arXiv:1910.02054): 16-bit weights and gradients, an fp32
   * master copy and fp32 Adam moments: 2 + 2 + (4 + 8) = 16 B per parameter.
   */
  MIXED(2, 0, 2, 4, 4, 2),
  /**
   * PyTorch AMP as in the transformers memory guide (model_memory_anatomy.md): fp32 weights plus a
   * 16-bit copy for compute (6 B), fp32 gradients (4 B), fp32 Adam moments (8 B): 18 B.
   */
  AMP(2, 4, 4, 0, 4, 2),
  /** Pure bf16: weights, gradients and optimizer states all 2 B. */
  BF16(2, 0, 2, 0, 2, 2);

  private final int computeBytes;
  private final int fp32WeightBytes;
  private final int gradientBytes;
  private final int masterBytes;
  private final int stateBytes;
  private final int activationBytes;

  Precision(
      int computeBytes,
      int fp32WeightBytes,
      int gradientBytes,
      int masterBytes,
      int stateBytes,
      int activationBytes) {
    this.computeBytes = computeBytes;
    this.fp32WeightBytes = fp32WeightBytes;
    this.gradientBytes = gradientBytes;
    this.masterBytes = masterBytes;
    this.stateBytes = stateBytes;
    this.activationBytes = activationBytes;
  }

  /** Bytes of model weights held per parameter: the compute copy plus AMP's fp32 weights. */
  public int weightBytes() {
    return computeBytes + fp32WeightBytes;
  }

  /** Bytes per parameter of the copy the forward pass reads (ZeRO-3 partitions it). */
  public int computeBytes() {
    return computeBytes;
  }

  /** AMP's fp32 weights per parameter (partitioned from ZeRO-1 on, like optimizer state). */
  public int fp32WeightBytes() {
    return fp32WeightBytes;
  }

  /** Bytes of gradient per trainable parameter. */
  public int gradientBytes() {
    return gradientBytes;
  }

  /** Bytes of fp32 master weights per trainable parameter kept by the optimizer. */
  public int masterBytes() {
    return masterBytes;
  }

  /** Bytes per optimizer state element (fp32 = 4, except pure bf16). */
  public int stateBytes() {
    return stateBytes;
  }

  /** Bytes per activation element. */
  public int activationBytes() {
    return activationBytes;
  }

  /** The lower-case name used on the command line and in JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }
}
