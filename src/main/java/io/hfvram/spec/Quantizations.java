package io.hfvram.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads {@code quantization_config} into a {@link Quantization}. See docs/formulas.md. */
final class Quantizations {
  private Quantizations() {}

  static Quantization read(RawConfig c) throws InvalidConfigException {
    RawConfig q = c.child("quantization_config");
    if (q == null) {
      RawConfig text = c.child("text_config");
      q = text == null ? null : text.child("quantization_config");
    }
    if (q == null) {
      return null;
    }
    String method = q.string(null, "quant_method");
    if (method == null) {
      method = q.bool(false, null, "load_in_4bit") || q.bool(false, null, "load_in_8bit")
          ? "bitsandbytes" : "unknown";
    }
    method = method.toLowerCase(Locale.ROOT);
    List<String> skipped = new ArrayList<>();
    addAll(q, skipped, "modules_to_not_convert", "llm_int8_skip_modules", "ignore");
    switch (method) {
      case "gptq": {
        int bits = (int) q.integer(4, "GPTQ default", 1, 16, "bits");
        long group = q.integer(128, "GPTQ default", -1, 1 << 20, "group_size");
        c.assume("GPTQ " + bits + "-bit, group " + group + ": packed weights, fp16 scales, "
            + bits + "-bit zeros per group and an int32 g_idx per input feature");
        return new Quantization("gptq", bits, group < 0 ? 0 : group, 0, 16, bits, 0, 0, 4,
            skipped);
      }
      case "awq": {
        int bits = (int) q.integer(4, "AWQ default", 1, 16, "bits", "w_bit");
        long group = q.integer(128, "AWQ default", -1, 1 << 20, "group_size", "q_group_size");
        boolean zero = q.bool(true, null, "zero_point");
        c.assume("AWQ " + bits + "-bit, group " + group + ": fp16 scales"
            + (zero ? " and " + bits + "-bit zeros" : "") + " per group");
        return new Quantization("awq", bits, group < 0 ? 0 : group, 0, 16, zero ? bits : 0, 0, 0,
            0, skipped);
      }
      case "bitsandbytes": {
        if (q.bool(false, null, "load_in_8bit")) {
          c.assume("bitsandbytes 8-bit (LLM.int8): int8 weights and one fp32 scale per row");
          return new Quantization("bitsandbytes", 8, 0, 0, 32, 0, 0, 0, 0, skipped);
        }
        boolean dq = q.bool(false, null, "bnb_4bit_use_double_quant");
        String type = q.string("fp4", "bnb_4bit_quant_type");
        c.assume("bitsandbytes 4-bit " + type + ": blocks of 64 weights with an "
            + (dq ? "8-bit absmax plus an fp32 scale per 256 blocks (double quant)"
                : "fp32 absmax"));
        return dq ? new Quantization("bitsandbytes", 4, 64, 0, 8, 0, 256, 32, 0, skipped)
            : new Quantization("bitsandbytes", 4, 64, 0, 32, 0, 0, 0, 0, skipped);
      }
      case "fp8":
      case "fbgemm_fp8": {
        List<?> block = q.list("weight_block_size");
        if (block != null && block.size() == 2 && block.get(0) instanceof Long) {
          long b = (Long) block.get(0);
          c.assume("fp8 weights with an fp32 scale per " + b + "x" + b + " block");
          return new Quantization("fp8", 8, 0, Math.max(1, b), 32, 0, 0, 0, 0, skipped);
        }
        c.assume("fp8 weights with one fp32 scale per output row");
        return new Quantization(method, 8, 0, 0, 32, 0, 0, 0, 0, skipped);
      }
      case "mxfp4":
        c.assume("MXFP4: 4-bit weights with an 8-bit (E8M0) scale per 32 weights");
        return new Quantization("mxfp4", 4, 32, 0, 8, 0, 0, 0, 0, skipped);
      case "compressed-tensors":
        return compressed(c, q, skipped);
      default:
        int bits = (int) q.integer(16, null, 1, 16, "bits", "w_bit", "nbits");
        c.assume("quant_method '" + method + "' is not modelled in detail: " + bits
            + " bits per linear weight assumed, no scale overhead");
        return bits >= 16 ? null : new Quantization(method, bits, -1, 0, 0, 0, 0, 0, 0, skipped);
    }
  }

  private static Quantization compressed(RawConfig c, RawConfig q, List<String> skipped)
      throws InvalidConfigException {
    RawConfig groups = q.child("config_groups");
    if (groups != null) {
      for (Map.Entry<String, Object> e : groups.raw().entrySet()) {
        RawConfig g = groups.child(e.getKey());
        RawConfig w = g == null ? null : g.child("weights");
        if (w == null) {
          continue;
        }
        int bits = (int) w.integer(8, null, 1, 16, "num_bits");
        String strategy = w.string("tensor", "strategy");
        long group = "group".equals(strategy) ? w.integer(128, null, 1, 1 << 20, "group_size")
            : "channel".equals(strategy) ? 0 : -1;
        boolean symmetric = w.bool(true, null, "symmetric");
        String type = w.string("int", "type");
        String label = "float".equals(type) && bits == 8 ? "fp8" : "compressed-tensors";
        c.assume("compressed-tensors: " + bits + "-bit " + type + " weights, " + strategy
            + " scales (16-bit)" + (symmetric ? "" : " and zero points"));
        return new Quantization(label, bits, group, 0, 16, symmetric ? 0 : bits, 0, 0, 0,
            skipped);
      }
    }
    c.assume("compressed-tensors without config_groups: 8-bit weights assumed");
    return new Quantization("compressed-tensors", 8, -1, 0, 16, 0, 0, 0, 0, skipped);
  }

  private static void addAll(RawConfig q, List<String> out, String... keys)
      throws InvalidConfigException {
    for (String k : keys) {
      List<?> l = q.list(k);
      if (l != null) {
        for (Object o : l) {
          if (o instanceof String) {
            out.add((String) o);
          }
        }
      }
    }
  }
}
