package io.hfvram.spec;

import java.util.Map;

/** Widths of the dtype names that weights metadata uses (safetensors names, GGUF names). */
public final class StoredDtypes {
  private StoredDtypes() {}

  /** Bits per element of a safetensors dtype name, or -1 when unknown. */
  public static int bits(String dtype) {
    switch (dtype) {
      case "F4":
        return 4;
      case "F6_E2M3":
      case "F6_E3M2":
        return 6;
      case "BOOL":
      case "U8":
      case "I8":
      case "F8_E5M2":
      case "F8_E4M3":
      case "F8_E8M0":
      case "F8_E4M3FNUZ":
      case "F8_E5M2FNUZ":
        return 8;
      case "I16":
      case "U16":
      case "F16":
      case "BF16":
        return 16;
      case "I32":
      case "U32":
      case "F32":
        return 32;
      case "I64":
      case "U64":
      case "F64":
      case "C64":
        return 64;
      default:
        return -1;
    }
  }

  /** GGUF block types: name, weights per block, bytes per block (hub-protocol.md §8.4). */
  private static final Map<String, long[]> GGUF_BLOCKS =
      Map.ofEntries(
          Map.entry("Q4_0", new long[] {32, 18}),
          Map.entry("Q4_1", new long[] {32, 20}),
          Map.entry("Q5_0", new long[] {32, 22}),
          Map.entry("Q5_1", new long[] {32, 24}),
          Map.entry("Q8_0", new long[] {32, 34}),
          Map.entry("Q8_1", new long[] {32, 36}),
          Map.entry("Q2_K", new long[] {256, 84}),
          Map.entry("Q3_K", new long[] {256, 110}),
          Map.entry("Q4_K", new long[] {256, 144}),
          Map.entry("Q5_K", new long[] {256, 176}),
          Map.entry("Q6_K", new long[] {256, 210}),
          Map.entry("Q8_K", new long[] {256, 292}),
          Map.entry("IQ2_XXS", new long[] {256, 66}),
          Map.entry("IQ2_XS", new long[] {256, 74}),
          Map.entry("IQ3_XXS", new long[] {256, 98}),
          Map.entry("IQ1_S", new long[] {256, 50}),
          Map.entry("IQ4_NL", new long[] {32, 18}),
          Map.entry("IQ3_S", new long[] {256, 110}),
          Map.entry("IQ2_S", new long[] {256, 82}),
          Map.entry("IQ4_XS", new long[] {256, 136}),
          Map.entry("IQ1_M", new long[] {256, 56}),
          Map.entry("TQ1_0", new long[] {256, 54}),
          Map.entry("TQ2_0", new long[] {256, 66}),
          Map.entry("MXFP4", new long[] {32, 17}),
          Map.entry("NVFP4", new long[] {64, 36}),
          Map.entry("Q1_0", new long[] {128, 18}),
          Map.entry("Q2_0", new long[] {64, 18}));

  /** Stored bytes of per-dtype element counts (unknown dtypes counted at 16 bits). */
  public static long bytes(Map<String, Long> byDtype) {
    long bits = 0;
    long blockBytes = 0;
    for (Map.Entry<String, Long> e : byDtype.entrySet()) {
      long[] block = GGUF_BLOCKS.get(e.getKey());
      if (block != null) {
        long blocks = (e.getValue() + block[0] - 1) / block[0];
        blockBytes = Math.addExact(blockBytes, Math.multiplyExact(blocks, block[1]));
        continue;
      }
      int b = bits(e.getKey());
      bits = Math.addExact(bits, Math.multiplyExact(e.getValue(), b > 0 ? b : 16));
    }
    return Math.addExact((bits + 7) / 8, blockBytes);
  }
}
