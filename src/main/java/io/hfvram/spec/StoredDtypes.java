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

  /** Stored bytes of per-dtype element counts (unknown dtypes counted at 16 bits). */
  public static long bytes(Map<String, Long> byDtype) {
    long bits = 0;
    for (Map.Entry<String, Long> e : byDtype.entrySet()) {
      int b = bits(e.getKey());
      bits = Math.addExact(bits, Math.multiplyExact(e.getValue(), b > 0 ? b : 16));
    }
    return (bits + 7) / 8;
  }
}
