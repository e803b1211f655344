package io.hfvram.estimate;

import io.hfvram.core.Numbers;
import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Quantization;
import io.hfvram.spec.Role;
import io.hfvram.spec.StoredDtypes;
import io.hfvram.spec.WeightGroup;
import java.util.List;

/**
 * Bytes of model weights. Float dtypes store every parameter at their width. Quantized weights,
 * whether a checkpoint's {@code quantization_config} or a what-if dtype, go through one mechanism
 * ({@link #quantized}): the linear layers at their bits plus scales, zero points and indices;
 * embeddings, norms, biases, lm_head and skipped modules at 16 bits. The what-if dtypes are these
 * schemes:
 *
 * <ul>
 *   <li>int4: 4 bits per weight plus, per group of 128 input weights of each output row, a 16-bit
 *       scale and a 4-bit zero point (GPTQ/AWQ, group size 128);
 *   <li>int8: 1 byte per weight plus one fp32 scale per output row (bitsandbytes LLM.int8);
 *   <li>fp8: 1 byte per weight plus one fp32 scale per tensor (per-tensor dynamic fp8);
 *   <li>fp4: 4 bits per weight plus an 8-bit scale per 32 weights (MXFP4).
 * </ul>
 */
final class WeightBytes {
  static final Quantization INT4 =
      Quantization.of("int4", 4).withGroupSize(128).withScaleBits(16).withZeroBits(4);
  static final Quantization INT8 = Quantization.of("int8", 8).withScaleBits(32);
  static final Quantization FP8 = Quantization.of("fp8", 8).withGroupSize(-1).withScaleBits(32);
  static final Quantization FP4 = Quantization.of("mxfp4", 4).withGroupSize(32).withScaleBits(8);

  /** QLoRA's base: bitsandbytes NF4, blocks of 64, 8-bit absmax plus fp32 per 256 blocks. */
  static final Quantization NF4 =
      Quantization.of("bitsandbytes", 4).withGroupSize(64).withScaleBits(8).withSuperGroup(256, 32);

  private WeightBytes() {}

  /**
   * Weights bytes: at a what-if dtype when one is given; else the checkpoint's stored tensors when
   * weights metadata was read, its quantization scheme, or its dtype.
   */
  static long total(ModelSpec spec, DType whatIf, List<String> notes) {
    if (whatIf != null) {
      return at(spec, whatIf, notes);
    }
    if (!spec.storedParameters().isEmpty()) {
      notes.add("weights: the checkpoint's stored tensors " + spec.storedParameters());
      return StoredDtypes.bytes(spec.storedParameters());
    }
    if (spec.quantization() != null) {
      return checkpoint(spec, notes);
    }
    return at(spec, spec.weightDtype(), notes);
  }

  /** Weights per GPU under tensor parallelism: norms replicated, the rest split. */
  static long perGpu(ModelSpec spec, long total, int tp) {
    if (tp <= 1) {
      return total;
    }
    long norms = 0;
    for (WeightGroup g : spec.weights()) {
      if (g.role() == Role.NORM) {
        norms = Math.addExact(norms, Math.multiplyExact(g.parameters(), 2));
      }
    }
    norms = Math.min(norms, total);
    return (total - norms + tp - 1) / tp + norms;
  }

  /** Weights bytes of the model at {@code dtype}, noting the convention in {@code notes}. */
  static long at(ModelSpec spec, DType dtype, List<String> notes) {
    if (dtype.isFloat16OrWider()) {
      return Math.multiplyExact(spec.parameters(), dtype.bits() / 8);
    }
    notes.add(describe(dtype));
    return quantized(spec, scheme(dtype));
  }

  /** Weights bytes of a quantized checkpoint from its {@code quantization_config}. */
  static long checkpoint(ModelSpec spec, List<String> notes) {
    Quantization q = spec.quantization();
    notes.add(
        "weights: the checkpoint's "
            + q.method()
            + " quantization ("
            + q.bits()
            + "-bit linear layers with their scales; other tensors 16-bit)");
    return quantized(spec, q);
  }

  /**
   * The model's weights under a quantization scheme: quantized linear layers (less the share the
   * skip list keeps) at the scheme's bytes, everything else at 16 bits, and tensors the
   * architecture formula does not know (from weights metadata) at 16 bits too.
   */
  static long quantized(ModelSpec spec, Quantization q) {
    long bytes = 0;
    for (WeightGroup g : spec.weights()) {
      if (!g.role().quantizable() || !g.isMatrix()) {
        bytes = Math.addExact(bytes, Math.multiplyExact(g.parameters(), 2));
        continue;
      }
      long kept = Math.round(g.instances() * q.skippedShare(g, spec.numLayers()));
      long quantized = g.instances() - kept;
      bytes = Math.addExact(bytes, Math.multiplyExact(kept, g.parametersPerInstance() * 2));
      bytes = Math.addExact(bytes, Math.multiplyExact(quantized, quantizedMatrix(g, q)));
      bytes =
          Math.addExact(bytes, Math.multiplyExact(quantized * 2, g.bias() ? g.outFeatures() : 0));
    }
    long derived = spec.derivedParameters();
    if (spec.parameters() > derived) {
      bytes = Math.addExact(bytes, Math.multiplyExact(spec.parameters() - derived, 2));
    }
    return bytes;
  }

  /** Bytes of one quantized matrix: packed weights, scales, zero points, group indices. */
  static long quantizedMatrix(WeightGroup g, Quantization q) {
    long in = g.inFeatures();
    long out = g.outFeatures();
    long bits = Math.multiplyExact(g.matrixElements(), q.bits());
    long scales;
    if (q.blockSize() > 0) {
      scales =
          Math.multiplyExact(
              Numbers.ceilDiv(in, q.blockSize()), Numbers.ceilDiv(out, q.blockSize()));
    } else if (q.groupSize() > 0) {
      scales = Math.multiplyExact(out, Numbers.ceilDiv(in, q.groupSize()));
    } else if (q.groupSize() == 0) {
      scales = out;
    } else {
      scales = 1;
    }
    bits = Math.addExact(bits, Math.multiplyExact(scales, (long) q.scaleBits() + q.zeroBits()));
    if (q.superGroup() > 0) {
      bits = Math.addExact(bits, Numbers.ceilDiv(scales, q.superGroup()) * q.superScaleBits());
    }
    return Math.addExact(Numbers.ceilDiv(bits, 8), Math.multiplyExact(in, q.indexBytesPerInput()));
  }

  private static Quantization scheme(DType dtype) {
    switch (dtype) {
      case INT4:
        return INT4;
      case INT8:
        return INT8;
      case FP8:
        return FP8;
      default:
        return FP4;
    }
  }

  static String describe(DType dtype) {
    switch (dtype) {
      case INT4:
        return "int4 weights: linear layers at 4 bits with a 16-bit scale and 4-bit zero per "
            + INT4.groupSize()
            + " weights (GPTQ/AWQ style); embeddings, norms, biases and"
            + " lm_head stay 16-bit";
      case INT8:
        return "int8 weights: linear layers at 8 bits with one fp32 scale per output row "
            + "(bitsandbytes LLM.int8); embeddings, norms, biases and lm_head stay 16-bit";
      case FP8:
        return "fp8 weights: linear layers at 8 bits with one fp32 scale per tensor; "
            + "embeddings, norms, biases and lm_head stay 16-bit";
      default:
        return dtype
            + " weights: linear layers at 4 bits with an 8-bit scale per 32 weights"
            + " (MXFP4); other tensors 16-bit";
    }
  }
}
