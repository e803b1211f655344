package io.hfvram.spec;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checkpoint's weight quantization, read from {@code quantization_config}. Quantized linear
 * layers store {@code bits} per weight plus scales (and zero points) per group; everything else
 * stays 16-bit.
 *
 * @param method the {@code quant_method} ("gptq", "awq", "bitsandbytes", "fp8", "mxfp4",
 *     "compressed-tensors"...)
 * @param bits bits per quantized weight
 * @param groupSize input weights sharing one scale in each output row; 0 = one scale per row; -1 =
 *     one per tensor
 * @param blockSize the side of square scale blocks (block-wise fp8), or 0
 * @param scaleBits bits of each scale
 * @param zeroBits bits of each zero point (0 for symmetric schemes)
 * @param superGroup scales sharing one second-level scale (bitsandbytes double quant), or 0
 * @param superScaleBits bits of each second-level scale
 * @param indexBytesPerInput bytes per input feature of a group index (GPTQ's g_idx), or 0
 * @param skipped module patterns left unquantized ({@code modules_to_not_convert}...)
 */
public record Quantization(
    String method,
    int bits,
    long groupSize,
    long blockSize,
    int scaleBits,
    int zeroBits,
    long superGroup,
    int superScaleBits,
    int indexBytesPerInput,
    List<String> skipped) {

  private static final Pattern LAYER = Pattern.compile("layers\\.(\\d+)\\.");

  public Quantization {
    skipped = List.copyOf(skipped);
    if (bits < 1 || bits > 32) {
      throw new IllegalArgumentException("quantization bits out of range: " + bits);
    }
  }

  /**
   * A scheme named field by field: {@code bits} per weight, one scale per output row and nothing
   * else until a wither says so, e.g. {@code Quantization.of("int4", 4).withGroupSize(128)
   * .withScaleBits(16).withZeroBits(4)}.
   */
  public static Quantization of(String method, int bits) {
    return new Quantization(method, bits, 0, 0, 0, 0, 0, 0, 0, List.of());
  }

  /** Input weights per scale in each output row; 0 = one scale per row, -1 = one per tensor. */
  public Quantization withGroupSize(long n) {
    return new Quantization(
        method,
        bits,
        n,
        blockSize,
        scaleBits,
        zeroBits,
        superGroup,
        superScaleBits,
        indexBytesPerInput,
        skipped);
  }

  /** One scale per {@code side} x {@code side} block of weights (block-wise fp8). */
  public Quantization withBlockSize(long side) {
    return new Quantization(
        method,
        bits,
        groupSize,
        side,
        scaleBits,
        zeroBits,
        superGroup,
        superScaleBits,
        indexBytesPerInput,
        skipped);
  }

  /** Bits of each scale. */
  public Quantization withScaleBits(int n) {
    return new Quantization(
        method,
        bits,
        groupSize,
        blockSize,
        n,
        zeroBits,
        superGroup,
        superScaleBits,
        indexBytesPerInput,
        skipped);
  }

  /** Bits of each zero point (0 for symmetric schemes). */
  public Quantization withZeroBits(int n) {
    return new Quantization(
        method,
        bits,
        groupSize,
        blockSize,
        scaleBits,
        n,
        superGroup,
        superScaleBits,
        indexBytesPerInput,
        skipped);
  }

  /** A second-level scale of {@code scaleBits} bits per {@code groups} scales (double quant). */
  public Quantization withSuperGroup(long groups, int scaleBits) {
    return new Quantization(
        method,
        bits,
        groupSize,
        blockSize,
        this.scaleBits,
        zeroBits,
        groups,
        scaleBits,
        indexBytesPerInput,
        skipped);
  }

  /** Bytes per input feature of a group index (GPTQ's g_idx). */
  public Quantization withIndexBytesPerInput(int n) {
    return new Quantization(
        method,
        bits,
        groupSize,
        blockSize,
        scaleBits,
        zeroBits,
        superGroup,
        superScaleBits,
        n,
        skipped);
  }

  /** The module patterns left unquantized. */
  public Quantization withSkipped(List<String> patterns) {
    return new Quantization(
        method,
        bits,
        groupSize,
        blockSize,
        scaleBits,
        zeroBits,
        superGroup,
        superScaleBits,
        indexBytesPerInput,
        patterns);
  }

  /** The dtype to report for the quantized weights. */
  public DType reportedDtype() {
    if (method.equals("fp8") || method.equals("fbgemm_fp8")) {
      return DType.FP8;
    }
    if (method.equals("mxfp4")) {
      return DType.FP4;
    }
    return bits <= 4 ? DType.INT4 : DType.INT8;
  }

  /**
   * The share of a weight group's instances that stays unquantized, from the skip patterns: a
   * pattern naming the group's module or role with a wildcard (or no layer index) skips it all;
   * patterns with layer indices skip those layers' share.
   */
  public double skippedShare(WeightGroup g, long layers) {
    java.util.Set<Long> layerIdx = new java.util.HashSet<>();
    for (String raw : skipped) {
      String s = raw.toLowerCase(Locale.ROOT);
      if (!matches(s, g)) {
        continue;
      }
      Matcher m = LAYER.matcher(s);
      if (m.find()) {
        layerIdx.add(Long.parseLong(m.group(1)));
      } else {
        return 1.0;
      }
    }
    return layers <= 0 ? 0 : Math.min(1.0, layerIdx.size() / (double) layers);
  }

  private static boolean matches(String s, WeightGroup g) {
    String module = g.module().toLowerCase(Locale.ROOT);
    String leaf = module.substring(module.lastIndexOf('.') + 1);
    if (s.endsWith("." + leaf) || s.equals(leaf) || s.endsWith(module)) {
      return true;
    }
    switch (g.role()) {
      case ATTENTION:
        return s.endsWith("self_attn")
            || s.endsWith("attn")
            || s.endsWith("attention")
            || s.contains("self_attn.*")
            || s.endsWith("self_attn.*");
      case EXPERT:
        return s.endsWith("experts") || s.contains("experts.*");
      case SHARED_EXPERT:
        return s.endsWith("shared_expert") || s.endsWith("shared_experts");
      case MLP:
        return s.endsWith(".mlp") || s.equals("mlp");
      case SSM:
        return s.endsWith("mixer");
      default:
        return false;
    }
  }
}
