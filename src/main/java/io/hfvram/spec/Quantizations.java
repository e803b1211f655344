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
      method =
          q.bool(false, null, "load_in_4bit") || q.bool(false, null, "load_in_8bit")
              ? "bitsandbytes"
              : "unknown";
    }
    method = method.toLowerCase(Locale.ROOT);
    List<String> skipped = new ArrayList<>();
    addAll(q, skipped, "modules_to_not_convert", "llm_int8_skip_modules", "ignore");
    Quantization scheme = scheme(c, q, method);
    return scheme == null ? null : scheme.withSkipped(skipped);
  }

  private static Quantization scheme(RawConfig c, RawConfig q, String method)
      throws InvalidConfigException {
    switch (method) {
      case "gptq":
        return gptq(c, q);
      case "awq":
        return awq(c, q);
      case "bitsandbytes":
        return bitsandbytes(c, q);
      case "fp8":
      case "fbgemm_fp8":
        return fp8(c, q, method);
      case "mxfp4":
        c.assume("MXFP4: 4-bit weights with an 8-bit (E8M0) scale per 32 weights");
        return Quantization.of("mxfp4", 4).withGroupSize(32).withScaleBits(8);
      case "compressed-tensors":
        return compressed(c, q);
      default:
        int bits = (int) q.integer(16, null, 1, 16, "bits", "w_bit", "nbits");
        c.assume(
            "quant_method '"
                + method
                + "' is not modelled in detail: "
                + bits
                + " bits per linear weight assumed, no scale overhead");
        return bits >= 16 ? null : Quantization.of(method, bits).withGroupSize(-1);
    }
  }

  private static Quantization gptq(RawConfig c, RawConfig q) throws InvalidConfigException {
    int bits = (int) q.integer(4, "GPTQ default", 1, 16, "bits");
    long group = q.integer(128, "GPTQ default", -1, 1 << 20, "group_size");
    c.assume(
        "GPTQ "
            + bits
            + "-bit, group "
            + group
            + ": packed weights, fp16 scales, "
            + bits
            + "-bit zeros per group and an int32 g_idx per input feature");
    return Quantization.of("gptq", bits)
        .withGroupSize(group < 0 ? 0 : group)
        .withScaleBits(16)
        .withZeroBits(bits)
        .withIndexBytesPerInput(4);
  }

  private static Quantization awq(RawConfig c, RawConfig q) throws InvalidConfigException {
    int bits = (int) q.integer(4, "AWQ default", 1, 16, "bits", "w_bit");
    long group = q.integer(128, "AWQ default", -1, 1 << 20, "group_size", "q_group_size");
    boolean zero = q.bool(true, null, "zero_point");
    c.assume(
        "AWQ "
            + bits
            + "-bit, group "
            + group
            + ": fp16 scales"
            + (zero ? " and " + bits + "-bit zeros" : "")
            + " per group");
    return Quantization.of("awq", bits)
        .withGroupSize(group < 0 ? 0 : group)
        .withScaleBits(16)
        .withZeroBits(zero ? bits : 0);
  }

  private static Quantization bitsandbytes(RawConfig c, RawConfig q) throws InvalidConfigException {
    if (q.bool(false, null, "load_in_8bit")) {
      c.assume("bitsandbytes 8-bit (LLM.int8): int8 weights and one fp32 scale per row");
      return Quantization.of("bitsandbytes", 8).withScaleBits(32);
    }
    boolean dq = q.bool(false, null, "bnb_4bit_use_double_quant");
    String type = q.string("fp4", "bnb_4bit_quant_type");
    c.assume(
        "bitsandbytes 4-bit "
            + type
            + ": blocks of 64 weights with an "
            + (dq
                ? "8-bit absmax plus an fp32 scale per 256 blocks (double quant)"
                : "fp32 absmax"));
    Quantization blocks = Quantization.of("bitsandbytes", 4).withGroupSize(64);
    return dq ? blocks.withScaleBits(8).withSuperGroup(256, 32) : blocks.withScaleBits(32);
  }

  private static Quantization fp8(RawConfig c, RawConfig q, String method)
      throws InvalidConfigException {
    List<?> block = q.list("weight_block_size");
    if (block != null && block.size() == 2 && block.get(0) instanceof Long) {
      long b = (Long) block.get(0);
      c.assume("fp8 weights with an fp32 scale per " + b + "x" + b + " block");
      return Quantization.of("fp8", 8).withBlockSize(Math.max(1, b)).withScaleBits(32);
    }
    c.assume("fp8 weights with one fp32 scale per output row");
    return Quantization.of(method, 8).withScaleBits(32);
  }

  private static Quantization compressed(RawConfig c, RawConfig q) throws InvalidConfigException {
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
        long group =
            "group".equals(strategy)
                ? w.integer(128, null, 1, 1 << 20, "group_size")
                : "channel".equals(strategy) ? 0 : -1;
        boolean symmetric = w.bool(true, null, "symmetric");
        String type = w.string("int", "type");
        String label = "float".equals(type) && bits == 8 ? "fp8" : "compressed-tensors";
        c.assume(
            "compressed-tensors: "
                + bits
                + "-bit "
                + type
                + " weights, "
                + strategy
                + " scales (16-bit)"
                + (symmetric ? "" : " and zero points"));
        return Quantization.of(label, bits)
            .withGroupSize(group)
            .withScaleBits(16)
            .withZeroBits(symmetric ? 0 : bits);
      }
    }
    c.assume("compressed-tensors without config_groups: 8-bit weights assumed");
    return Quantization.of("compressed-tensors", 8).withGroupSize(-1).withScaleBits(16);
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
