package io.hfvram.spec;

import java.util.Locale;

/**
 * A numeric format for weights, KV cache or activations, with its width in bits. The integer
 * formats are weight-only quantization formats (see the estimator for their scale overhead).
 */
public enum DType {
  FP32(32),
  FP16(16),
  BF16(16),
  FP8(8),
  INT8(8),
  INT4(4),
  /** 4-bit float (MXFP4/NVFP4) checkpoints; reported, not offered as a what-if. */
  FP4(4);

  private final int bits;

  DType(int bits) {
    this.bits = bits;
  }

  /** Width of one element in bits. */
  public int bits() {
    return bits;
  }

  /** True for fp32, fp16 and bf16: formats that compute natively. */
  public boolean isFloat16OrWider() {
    return bits >= 16;
  }

  /** The lower-case name used on the command line and in JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }

  /**
   * Parses a {@code torch_dtype}/{@code dtype} value from config.json ("bfloat16", "float16",
   * "float32", "float8_e4m3fn"...) or one of our ids; null when not recognised.
   */
  public static DType fromConfig(String s) {
    if (s == null) {
      return null;
    }
    String v = s.toLowerCase(Locale.ROOT).trim();
    if (v.startsWith("torch.")) {
      v = v.substring(6);
    }
    switch (v) {
      case "float32":
      case "float":
      case "fp32":
      case "f32":
        return FP32;
      case "float16":
      case "half":
      case "fp16":
      case "f16":
        return FP16;
      case "bfloat16":
      case "bf16":
        return BF16;
      case "int8":
      case "i8":
        return INT8;
      case "int4":
        return INT4;
      default:
        if (v.startsWith("float8") || v.startsWith("fp8") || v.startsWith("f8")) {
          return FP8;
        }
        return null;
    }
  }
}
