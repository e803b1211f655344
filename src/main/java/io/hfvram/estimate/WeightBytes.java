package io.hfvram.estimate;

import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Quantization;
import io.hfvram.spec.WeightGroup;
import java.util.List;

/**
 * Bytes of model weights at a dtype. Float dtypes store every parameter at their width.
 * Weight-only integer formats quantize the linear layers the way bitsandbytes and GPTQ do and
 * keep embeddings, norms, biases and lm_head at 16 bits:
 *
 * <ul>
 *   <li>int4: 4 bits per weight plus, per group of {@value #INT4_GROUP} input weights of each
 *       output row, a 16-bit scale and a 4-bit zero point (GPTQ/AWQ, group size 128);
 *   <li>int8: 1 byte per weight plus one fp32 scale per output row (bitsandbytes LLM.int8);
 *   <li>fp8: 1 byte per weight plus one fp32 scale per tensor (per-tensor dynamic fp8).
 * </ul>
 */
final class WeightBytes {
  static final long INT4_GROUP = 128;

  private WeightBytes() {}

  /** Weights bytes of the model at {@code dtype}, noting the convention in {@code notes}. */
  static long at(ModelSpec spec, DType dtype, List<String> notes) {
    if (dtype.isFloat16OrWider()) {
      return Math.multiplyExact(spec.parameters(), dtype.bits() / 8);
    }
    long bytes = 0;
    for (WeightGroup g : spec.weights()) {
      bytes = Math.addExact(bytes, groupBytes(g, dtype));
    }
    long derived = spec.derivedParameters();
    if (spec.parameters() > derived) {
      // Tensors the architecture formula does not know (from weights metadata): keep at 16 bits.
      bytes = Math.addExact(bytes, Math.multiplyExact(spec.parameters() - derived, 2));
    }
    notes.add(describe(dtype));
    return bytes;
  }

  /**
   * Weights bytes of a quantized checkpoint from its {@code quantization_config}: quantized
   * linear layers at their bits plus scales, zero points and indices; skipped modules and
   * everything else at 16 bits.
   */
  static long checkpoint(ModelSpec spec, List<String> notes) {
    Quantization q = spec.quantization();
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
      bytes = Math.addExact(bytes, Math.multiplyExact(quantized * 2, g.bias() ? g.outFeatures()
          : 0));
    }
    long derived = spec.derivedParameters();
    if (spec.parameters() > derived) {
      bytes = Math.addExact(bytes, Math.multiplyExact(spec.parameters() - derived, 2));
    }
    notes.add("weights: the checkpoint's " + q.method() + " quantization (" + q.bits()
        + "-bit linear layers with their scales; other tensors 16-bit)");
    return bytes;
  }

  /** Bytes of one quantized matrix: packed weights, scales, zero points, group indices. */
  static long quantizedMatrix(WeightGroup g, Quantization q) {
    long in = g.inFeatures();
    long out = g.outFeatures();
    long bits = Math.multiplyExact(g.matrixElements(), q.bits());
    long scales;
    if (q.blockSize() > 0) {
      scales = ceilDiv(in, q.blockSize()) * ceilDiv(out, q.blockSize());
    } else if (q.groupSize() > 0) {
      scales = Math.multiplyExact(out, ceilDiv(in, q.groupSize()));
    } else if (q.groupSize() == 0) {
      scales = out;
    } else {
      scales = 1;
    }
    bits = Math.addExact(bits, Math.multiplyExact(scales, (long) q.scaleBits() + q.zeroBits()));
    if (q.superGroup() > 0) {
      bits = Math.addExact(bits, ceilDiv(scales, q.superGroup()) * q.superScaleBits());
    }
    return Math.addExact(ceilDiv(bits, 8), Math.multiplyExact(in, q.indexBytesPerInput()));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  static String describe(DType dtype) {
    switch (dtype) {
      case INT4:
        return "int4 weights: linear layers at 4 bits with a 16-bit scale and 4-bit zero per "
            + INT4_GROUP + " weights (GPTQ/AWQ style); embeddings, norms, biases and lm_head "
            + "stay 16-bit";
      case INT8:
        return "int8 weights: linear layers at 8 bits with one fp32 scale per output row "
            + "(bitsandbytes LLM.int8); embeddings, norms, biases and lm_head stay 16-bit";
      case FP8:
        return "fp8 weights: linear layers at 8 bits with one fp32 scale per tensor; "
            + "embeddings, norms, biases and lm_head stay 16-bit";
      default:
        return dtype + " weights";
    }
  }

  private static long groupBytes(WeightGroup g, DType dtype) {
    if (!g.role().quantizable() || !g.isMatrix()) {
      return Math.multiplyExact(g.parameters(), 2);
    }
    long n = g.instances();
    long elements = Math.multiplyExact(g.matrixElements(), n);
    long bias = Math.multiplyExact(g.biasParameters(), 2);
    long packed;
    switch (dtype) {
      case INT4:
        long groupsPerRow = (g.inFeatures() + INT4_GROUP - 1) / INT4_GROUP;
        long scales = Math.multiplyExact(Math.multiplyExact(groupsPerRow, g.outFeatures()), n);
        packed = Math.addExact((elements + 1) / 2,
            Math.addExact(Math.multiplyExact(scales, 2), (scales + 1) / 2));
        break;
      case INT8:
        packed = Math.addExact(elements, Math.multiplyExact(Math.multiplyExact(g.outFeatures(),
            4), n));
        break;
      default:
        packed = Math.addExact(elements, Math.multiplyExact(4, n));
        break;
    }
    return Math.addExact(packed, bias);
  }
}
