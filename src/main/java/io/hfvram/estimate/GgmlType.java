package io.hfvram.estimate;

import java.util.Locale;

/**
 * The ggml tensor types llama.cpp accepts for its KV cache (-ctk/-ctv), with their block sizes from
 * ggml/src/ggml-common.h: a block of {@code blockElements} values takes {@code blockBytes}.
 */
public enum GgmlType {
  F32(1, 4),
  F16(1, 2),
  BF16(1, 2),
  /** 32 int8 values and one fp16 scale. */
  Q8_0(32, 34),
  /** 32 4-bit values and one fp16 scale. */
  Q4_0(32, 18),
  /** 32 4-bit values, fp16 scale and minimum. */
  Q4_1(32, 20),
  /** 32 5-bit values (4 + 1 high bit) and one fp16 scale. */
  Q5_0(32, 22),
  /** 32 5-bit values, fp16 scale and minimum. */
  Q5_1(32, 24),
  /** 32 4-bit non-linear values and one fp16 scale. */
  IQ4_NL(32, 18);

  private final int blockElements;
  private final int blockBytes;

  GgmlType(int blockElements, int blockBytes) {
    this.blockElements = blockElements;
    this.blockBytes = blockBytes;
  }

  /** ggml_row_size: bytes of a row of n values (n a multiple of the block). */
  public long rowBytes(long n) {
    return Math.multiplyExact((n + blockElements - 1) / blockElements, (long) blockBytes);
  }

  /** True for the block-quantized types, which llama.cpp's V cache accepts only with FA. */
  public boolean quantized() {
    return blockElements > 1;
  }

  /** The type for a -ctk/-ctv value such as "q8_0", or null. */
  public static GgmlType parse(String s) {
    for (GgmlType t : values()) {
      if (t.toString().equalsIgnoreCase(s.trim())) {
        return t;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
