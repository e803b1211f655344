package io.hfvram.cli;

import io.hfvram.spec.DType;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The dtype names people type, as transformers, accelerate, PyTorch and vLLM spell them, mapped to
 * hf-vram's ids ("bfloat16", "torch.bfloat16" and "bf16" are one dtype).
 */
final class DTypeNames {
  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("float32", "fp32"),
          Map.entry("float", "fp32"),
          Map.entry("float16", "fp16"),
          Map.entry("half", "fp16"),
          Map.entry("bfloat16", "bf16"),
          Map.entry("float8", "fp8"),
          Map.entry("fp8_e4m3", "fp8"),
          Map.entry("fp8_e5m2", "fp8"),
          Map.entry("float8_e4m3fn", "fp8"),
          Map.entry("float8_e5m2", "fp8"),
          Map.entry("int8", "int8"),
          Map.entry("uint8", "int8"),
          Map.entry("mxfp4", "fp4"),
          Map.entry("nvfp4", "fp4"));

  private DTypeNames() {}

  /** The hf-vram id for a name ("torch.bfloat16" → "bf16"), lower case; unknown names as given. */
  static String canonical(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    if (n.startsWith("torch.")) {
      n = n.substring("torch.".length());
    }
    return ALIASES.getOrDefault(n, n);
  }

  /**
   * The dtype an option names, null for auto; a usage error for unknown names and, for the KV cache
   * ({@code kv}), 4-bit types.
   */
  static DType parse(CommandLine cmd, String opt, String value, boolean kv) {
    String v = DTypeNames.canonical(value);
    if ("auto".equals(v)) {
      return null;
    }
    DType d = null;
    for (DType t : DType.values()) {
      if (t.id().equals(v)) {
        d = t;
      }
    }
    // 4-bit KV caches are neither in transformers' caches nor in vLLM's --kv-cache-dtype.
    if (d == null || (kv && (d == DType.INT4 || d == DType.FP4))) {
      throw new ParameterException(
          cmd,
          opt
              + " must be one of auto, fp32, fp16, bf16, fp8, int8"
              + (kv ? "" : ", int4, fp4")
              + " (or float32, float16, half, bfloat16, torch.bfloat16,"
              + " ...); got '"
              + value
              + "'");
    }
    return d;
  }

  /** Shell completion for --dtype. */
  static final class Weights implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("auto", "fp32", "fp16", "bf16", "fp8", "int8", "int4", "fp4").iterator();
    }
  }

  /** Shell completion for --kv-dtype. */
  static final class Kv implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("auto", "fp32", "fp16", "bf16", "fp8", "int8").iterator();
    }
  }
}
