package io.hfvram.estimate;

import io.hfvram.core.Numbers;
import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import java.util.List;
import java.util.Locale;

/**
 * Inference memory per GPU: weights, KV cache, activations and overhead, for transformers
 * (batch x sequence as asked) or vLLM (the KV pool fills what the budget leaves).
 */
final class InferenceEstimator {
  /** vLLM's memory outside torch's allocator: CUDA context, NCCL buffers, CUDA graphs. */
  static final long VLLM_NON_TORCH_BYTES = 1L << 30;
  /** vLLM's KV block size in tokens. */
  static final long VLLM_BLOCK = 16;

  private InferenceEstimator() {}

  /** The inference estimate; its conventions go to {@code notes}, its formulas to {@code ex}. */
  static InferenceEstimate estimate(Plan p, List<String> notes, List<Explanation> ex) {
    ModelSpec spec = p.spec();
    DType kv = p.kvDtype();
    int tp = p.serving().tensorParallel();
    long s = p.sequenceLength();
    if (s > spec.maxContext()) {
      notes.add("sequence length " + s + " exceeds the model's configured context of "
          + spec.maxContext() + " tokens");
    }
    long weights = WeightBytes.perGpu(spec, WeightBytes.total(spec, p.workload().dtype(), notes),
        tp);
    long perToken = KvCache.bytesPerToken(spec, kv, tp);
    if (tp > 1) {
      notes.add("tensor parallel " + tp + ": weights split except norms (replicated); KV heads"
          + " per GPU = max(1, KV heads / " + tp + ") as vLLM does; MLA latents replicated;"
          + " figures are per GPU");
    }
    notes.add(KvCache.note(spec, kv, fmt(kv.bits() / 8.0)));
    explainWeights(p, weights, tp, ex);
    ex.add(new Explanation("inference", "kvCacheBytesPerToken", KvCache.formula(spec, kv, tp)
        + " = " + grouped(perToken), perToken));
    if (p.serving().engine() == Engine.VLLM) {
      return vllm(p, weights, perToken, notes, ex);
    }
    return hf(p, weights, perToken, notes, ex);
  }

  /** transformers: the KV cache for batch x sequence, the prefill peak, the default overhead. */
  private static InferenceEstimate hf(Plan p, long weights, long perToken, List<String> notes,
      List<Explanation> ex) {
    ModelSpec spec = p.spec();
    DType dtype = p.weightDtype();
    int tp = p.serving().tensorParallel();
    long b = p.batchSize();
    long s = p.sequenceLength();
    AttentionImpl attention = p.attention();
    long kvCache = KvCache.bytes(spec, p.kvDtype(), b, s, tp);
    ex.add(new Explanation("inference", "kvCacheBytes", "batch " + b + " x (per layer: tokens"
        + " held of " + s + ", window-capped; plus recurrent state) x bytes per token per layer = "
        + grouped(kvCache), kvCache));
    long act = Activations.inference(spec, dtype, b, s, attention, tp);
    int e = Activations.inferenceElementBytes(dtype);
    ex.add(new Explanation("inference", "activationBytes", "b " + b + " x s " + s + " x max(2h + 3f,"
        + " 2h + 2q + 2kv) with h " + spec.hiddenSize() + ", f " + spec.intermediateSize()
        + (tp > 1 ? " (inner terms / tp " + tp + ")" : "") + " x " + e + " B + last-token logits b x V "
        + spec.vocabSize() + " x " + (e + 4) + " B" + (attention == AttentionImpl.EAGER
            ? " + scores b x heads x s^2 x " + (2 * e + 4) + " B" : "") + " = " + grouped(act),
        act));
    long overhead = Overhead.bytes(p.workload(), Math.addExact(kvCache, act));
    ex.add(new Explanation("inference", "overheadBytes", p.workload().overheadBytes() != null
        ? "--overhead " + grouped(overhead) : Overhead.FORMULA + "(KV cache " + grouped(kvCache)
            + " + activations " + grouped(act) + ") = " + grouped(overhead),
        overhead));
    long total = Math.addExact(Math.addExact(weights, kvCache), Math.addExact(act, overhead));
    notes.add("inference activations: prefill peak of one layer with "
        + (attention == AttentionImpl.FLASH ? "fused (flash/SDPA) attention"
            : "eager attention (b x heads x s^2 scores)")
        + ", plus last-token logits in fp32");
    return new InferenceEstimate(dtype, p.kvDtype(), b, s, Engine.HF, tp, weights, kvCache,
        perToken, act, overhead, total, -1, -1);
  }

  /** vLLM: util x memory minus weights, profiled peak and non-torch memory is KV cache. */
  private static InferenceEstimate vllm(Plan p, long weights, long perToken, List<String> notes,
      List<Explanation> ex) {
    ModelSpec spec = p.spec();
    Serving sv = p.serving();
    int tp = sv.tensorParallel();
    long s = p.sequenceLength();
    if (sv.gpuMemoryBytes() == null) {
      throw new WorkloadException("the vllm engine needs the GPU's memory (--gpu or"
          + " --gpu-memory)");
    }
    long budget = (long) Math.floor(sv.gpuMemoryUtilization() * sv.gpuMemoryBytes());
    long profileTokens = Math.min(sv.maxNumBatchedTokens(), Math.max(spec.maxContext(),
        Math.multiplyExact(s, Math.min(p.batchSize(), sv.maxNumSeqs()))));
    long act = Activations.inference(spec, p.weightDtype(), 1, profileTokens, AttentionImpl.FLASH,
        tp);
    act = Math.addExact(act, Math.multiplyExact(Math.multiplyExact(sv.maxNumSeqs(),
        spec.vocabSize() / tp), 4));
    Long fixed = p.workload().overheadBytes();
    long overhead = fixed != null ? fixed : VLLM_NON_TORCH_BYTES;
    long free = budget - weights - act - overhead;
    long capacity = -1;
    long kvCache = 0;
    double concurrency = -1;
    if (perToken > 0) {
      long blocks = free > 0 ? free / Math.multiplyExact(perToken, VLLM_BLOCK) : 0;
      capacity = Math.multiplyExact(blocks, VLLM_BLOCK);
      kvCache = Math.multiplyExact(capacity, perToken);
      concurrency = capacity / (double) s;
    } else {
      notes.add("no attention layers: vLLM's KV pool holds recurrent states only; capacity not"
          + " given in tokens");
      kvCache = Math.max(0, free);
    }
    long total = Math.addExact(Math.addExact(weights, kvCache), Math.addExact(act, overhead));
    ex.add(new Explanation("inference", "kvCapacityTokens", String.format(Locale.ROOT,
        "floor((%.2f x %s - weights %s - profiled peak %s - non-torch %s) / (16 x %s)) x 16"
            + " = %s tokens", sv.gpuMemoryUtilization(), grouped(sv.gpuMemoryBytes()),
        grouped(weights), grouped(act), grouped(overhead), grouped(perToken),
        grouped(capacity)), kvCache));
    notes.add(String.format(Locale.ROOT, "vLLM: %.2f x %s = %d B budget; profiled peak of %d"
        + " batched tokens plus the sampler's logits for %d sequences; %d MiB non-torch memory;"
        + " the rest is KV cache in %d-token blocks (every attention layer counted per token)",
        sv.gpuMemoryUtilization(), sv.gpuName() == null ? "GPU memory" : sv.gpuName(), budget,
        profileTokens, sv.maxNumSeqs(), overhead >> 20, VLLM_BLOCK));
    return new InferenceEstimate(p.weightDtype(), p.kvDtype(), p.batchSize(), s, Engine.VLLM, tp,
        weights, kvCache, perToken, act, overhead, total, capacity, concurrency);
  }

  private static void explainWeights(Plan p, long weights, int tp, List<Explanation> ex) {
    ModelSpec spec = p.spec();
    DType whatIf = p.workload().dtype();
    DType dtype = p.weightDtype();
    String how;
    if (whatIf == null && !spec.storedParameters().isEmpty()) {
      how = "stored tensors " + spec.storedParameters() + " x their widths";
    } else if (whatIf == null && spec.quantization() != null) {
      how = spec.quantization().method() + " checkpoint: quantized linear layers at "
          + spec.quantization().bits() + " bits + scales, other tensors 16-bit";
    } else if (dtype.isFloat16OrWider()) {
      how = grouped(spec.parameters()) + " parameters x " + dtype.bits() / 8 + " B (" + dtype
          + ")";
    } else {
      how = dtype + " what-if: linear layers at " + dtype.bits() + " bits + scales, other"
          + " tensors 16-bit";
    }
    ex.add(new Explanation("inference", "weightsBytes", how + (tp > 1 ? ", split over tp " + tp
        + " (norms replicated)" : "") + " = " + grouped(weights), weights));
  }

  private static String grouped(long n) {
    return Numbers.grouped(n);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
