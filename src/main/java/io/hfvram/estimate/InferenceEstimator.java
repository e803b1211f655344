package io.hfvram.estimate;

import io.hfvram.core.Numbers;
import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import java.util.List;

/**
 * Inference memory per GPU: weights, KV cache, activations and overhead, for transformers (batch x
 * sequence as asked) or vLLM (the KV pool fills what the budget leaves).
 */
final class InferenceEstimator {
  private InferenceEstimator() {}

  /** The inference estimate; its conventions go to {@code notes}, its formulas to {@code ex}. */
  static InferenceEstimate estimate(Plan p, List<String> notes, List<Explanation> ex) {
    ModelSpec spec = p.spec();
    DType kv = p.kvDtype();
    int tp = p.serving().tensorParallel();
    long s = p.sequenceLength();
    if (s > spec.maxContext()) {
      notes.add(
          "sequence length "
              + s
              + " exceeds the model's configured context of "
              + spec.maxContext()
              + " tokens");
    }
    long weights =
        WeightBytes.perGpu(spec, WeightBytes.total(spec, p.workload().dtype(), notes), tp);
    long perToken = KvCache.bytesPerToken(spec, kv, tp);
    if (tp > 1) {
      notes.add(
          "tensor parallel "
              + tp
              + ": weights split except norms (replicated); KV heads"
              + " per GPU = max(1, KV heads / "
              + tp
              + ") as vLLM does; MLA latents replicated;"
              + " figures are per GPU");
    }
    notes.add(KvCache.note(spec, kv, fmt(kv.bits() / 8.0)));
    explainWeights(p, weights, tp, ex);
    ex.add(
        new Explanation(
            "inference",
            "kvCacheBytesPerToken",
            KvCache.formula(spec, kv, tp) + " = " + grouped(perToken),
            perToken));
    switch (p.serving().engine()) {
      case VLLM:
        return VllmEstimator.estimate(p, weights, perToken, notes, ex);
      case SGLANG:
        return SglangEstimator.estimate(p, weights, perToken, notes, ex);
      case LLAMA_CPP:
        return LlamaCppEstimator.estimate(p, weights, notes, ex);
      default:
        break;
    }
    return hf(p, weights, perToken, notes, ex);
  }

  /** transformers: the KV cache for batch x sequence, the prefill peak, the default overhead. */
  private static InferenceEstimate hf(
      Plan p, long weights, long perToken, List<String> notes, List<Explanation> ex) {
    ModelSpec spec = p.spec();
    DType dtype = p.weightDtype();
    int tp = p.serving().tensorParallel();
    long b = p.batchSize();
    long s = p.sequenceLength();
    AttentionImpl attention = p.attention();
    long copy = HfGenerate.decodeCopy(p);
    long kvCache = Math.addExact(KvCache.bytes(spec, p.kvDtype(), b, s, tp), copy);
    ex.add(
        new Explanation(
            "inference",
            "kvCacheBytes",
            "batch "
                + b
                + " x (per layer: tokens"
                + " held of "
                + s
                + ", window-capped; plus recurrent state) x bytes per token per layer"
                + (copy > 0 ? " + the decode step's old cache " + grouped(copy) : "")
                + " = "
                + grouped(kvCache),
            kvCache));
    long scratch = HfGenerate.kernelScratch(p, notes);
    long act = Math.addExact(HfGenerate.peakActivations(p, kvCache), scratch);
    ex.add(
        new Explanation(
            "inference",
            "activationBytes",
            activationFormula(p, act - scratch)
                + (scratch > 0 ? " + quantized kernels' scratch " + grouped(scratch) : ""),
            act));
    long overhead = Overhead.bytes(p.workload(), Math.addExact(kvCache, act));
    ex.add(
        new Explanation(
            "inference", "overheadBytes", overheadFormula(p, overhead, kvCache, act), overhead));
    long total = Math.addExact(Math.addExact(weights, kvCache), Math.addExact(act, overhead));
    notes.add(
        "inference activations: prefill peak of one layer with "
            + (attention == AttentionImpl.FLASH
                ? "fused (flash/SDPA) attention"
                : "eager attention (b x heads x s^2 scores)")
            + ", plus last-token logits in fp32");
    return new InferenceEstimate(
        dtype,
        p.kvDtype(),
        b,
        s,
        Engine.HF,
        tp,
        weights,
        kvCache,
        perToken,
        act,
        overhead,
        total,
        -1,
        -1);
  }

  /** The transformers overhead formula with its inputs, for --explain. */
  private static String overheadFormula(Plan p, long overhead, long kvCache, long act) {
    return p.workload().overheadBytes() != null
        ? "--overhead " + grouped(overhead)
        : Overhead.FORMULA
            + "(KV cache "
            + grouped(kvCache)
            + " + activations "
            + grouped(act)
            + ") = "
            + grouped(overhead);
  }

  /** The transformers activation formula with the model's numbers, for --explain. */
  private static String activationFormula(Plan p, long act) {
    ModelSpec spec = p.spec();
    int tp = p.serving().tensorParallel();
    long b = p.batchSize();
    long s = p.sequenceLength();
    AttentionImpl attention = p.attention();
    int e = Activations.inferenceElementBytes(p.weightDtype());
    return "b "
        + b
        + " x s "
        + s
        + " x max(2h + 3f,"
        + " 2h + 2q + 2kv) with h "
        + spec.hiddenSize()
        + ", f "
        + spec.intermediateSize()
        + (tp > 1 ? " (inner terms / tp " + tp + ")" : "")
        + " x "
        + e
        + " B + last-token logits b x V "
        + spec.vocabSize()
        + " x "
        + (e + 4)
        + " B"
        + (attention == AttentionImpl.EAGER
            ? " + scores b x heads x s^2 x " + (2 * e + 4) + " B"
            : "")
        + " = "
        + grouped(act);
  }

  private static void explainWeights(Plan p, long weights, int tp, List<Explanation> ex) {
    ModelSpec spec = p.spec();
    DType whatIf = p.workload().dtype();
    DType dtype = p.weightDtype();
    String how;
    if (whatIf == null && !spec.storedParameters().isEmpty()) {
      how = "stored tensors " + spec.storedParameters() + " x their widths";
    } else if (whatIf == null && spec.quantization() != null) {
      how =
          spec.quantization().method()
              + " checkpoint: quantized linear layers at "
              + spec.quantization().bits()
              + " bits + scales, other tensors 16-bit";
    } else if (dtype.isFloat16OrWider()) {
      how = grouped(spec.parameters()) + " parameters x " + dtype.bits() / 8 + " B (" + dtype + ")";
    } else {
      how =
          dtype
              + " what-if: linear layers at "
              + dtype.bits()
              + " bits + scales, other"
              + " tensors 16-bit";
    }
    ex.add(
        new Explanation(
            "inference",
            "weightsBytes",
            how
                + (tp > 1 ? ", split over tp " + tp + " (norms replicated)" : "")
                + " = "
                + grouped(weights),
            weights));
  }

  private static String grouped(long n) {
    return Numbers.grouped(n);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
