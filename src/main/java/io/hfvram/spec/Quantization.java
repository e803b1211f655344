package io.hfvram.spec;

import java.util.List;

/**
 * A checkpoint's weight quantization, read from {@code quantization_config}.
 *
 * @param method the {@code quant_method} ("gptq", "awq", "bitsandbytes", "fp8", "mxfp4",
 *     "compressed-tensors"...)
 * @param bits bits per quantized weight
 * @param groupSize weights sharing one scale (0 = one scale per output row, -1 = per tensor)
 * @param scaleBits bits of each scale
 * @param zeroBits bits of each zero point (0 for symmetric schemes)
 * @param blockRows for block-wise fp8, the block's rows (0 otherwise)
 * @param skipped module names left unquantized ({@code modules_to_not_convert})
 */
public record Quantization(
    String method, int bits, long groupSize, int scaleBits, int zeroBits, long blockRows,
    List<String> skipped) {

  public Quantization {
    skipped = List.copyOf(skipped);
    if (bits < 1 || bits > 32) {
      throw new IllegalArgumentException("quantization bits out of range: " + bits);
    }
  }

  /** True when the module (by its transformers name) stays unquantized. */
  public boolean skips(String module) {
    for (String s : skipped) {
      if (s.equals(module) || module.endsWith("." + s) || s.endsWith("." + module)
          || s.endsWith(module)) {
        return true;
      }
    }
    return false;
  }
}
