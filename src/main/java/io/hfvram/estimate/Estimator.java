package io.hfvram.estimate;

import io.hfvram.core.Numbers;

import io.hfvram.spec.CacheGroup;
import io.hfvram.spec.CacheKind;
import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Role;
import io.hfvram.spec.StoredDtypes;
import io.hfvram.spec.WeightGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pure estimator: a {@link ModelSpec} and a {@link Workload} in, an explained {@link
 * Estimate} out. No I/O. Every formula is written down, with its source, in docs/formulas.md.
 */
public final class Estimator {
  /** CUDA context and kernels loaded by PyTorch (not seen by torch.cuda memory counters). */
  public static final long CUDA_CONTEXT_BYTES = 512L << 20;
  /** Allocator reserve (fragmentation) as a fraction of the dynamic allocations. */
  public static final double ALLOCATOR_RESERVE = 0.10;
  /** vLLM's memory outside torch's allocator: CUDA context, NCCL buffers, CUDA graphs. */
  public static final long VLLM_NON_TORCH_BYTES = 1L << 30;
  /** vLLM's KV block size in tokens. */
  public static final long VLLM_BLOCK = 16;
  /** DeepSpeed's buffer factor on offloaded CPU memory (additional_buffer_factor). */
  public static final double CPU_BUFFER_FACTOR = 1.5;
  private static final String OVERHEAD_FORMULA = "CUDA context "
      + io.hfvram.core.Numbers.grouped(CUDA_CONTEXT_BYTES) + " + "
      + Math.round(ALLOCATOR_RESERVE * 100) + "% x ";

  private Estimator() {}

  /** Estimates inference and training memory, and the fit when a GPU is named. */
  public static Estimate estimate(ModelSpec spec, Workload w) {
    List<String> notes = new ArrayList<>();
    List<Explanation> ex = new ArrayList<>();
    InferenceEstimate inference = inference(spec, w, notes, ex);
    TrainingEstimate training = training(spec, w, notes, ex);
    Fit fit = w.serving().gpuMemoryBytes() == null ? null : FitSolver.solve(spec, w);
    long rule = Math.multiplyExact(spec.parameters(), weightDtype(spec, w).bits()) / 8;
    Estimate.Comparisons cmp = new Estimate.Comparisons(rule, 4 * rule, 6 * rule,
        Activations.korthikanti(spec, w.batchSize(), sequenceLength(spec, w), w.attention()));
    return new Estimate(inference, training, fit, cmp, notes, ex);
  }

  /** The sequence length used: the workload's, else min(4096, the model's max context). */
  public static long sequenceLength(ModelSpec spec, Workload w) {
    if (w.sequenceLength() > 0) {
      return w.sequenceLength();
    }
    return Math.min(Workload.DEFAULT_SEQUENCE_CAP, spec.maxContext());
  }

  /** The weights dtype used: the workload's, else the checkpoint's. */
  public static DType weightDtype(ModelSpec spec, Workload w) {
    return w.dtype() != null ? w.dtype() : spec.weightDtype();
  }

  /** The KV dtype used: the workload's, else the weights' (bf16 for sub-16-bit weights). */
  public static DType kvDtype(ModelSpec spec, Workload w) {
    if (w.kvDtype() != null) {
      return w.kvDtype();
    }
    DType d = weightDtype(spec, w);
    return d.isFloat16OrWider() ? d : DType.BF16;
  }

  static InferenceEstimate inference(ModelSpec spec, Workload w, List<String> notes) {
    return inference(spec, w, notes, new ArrayList<>());
  }

  static InferenceEstimate inference(ModelSpec spec, Workload w, List<String> notes,
      List<Explanation> ex) {
    DType dtype = weightDtype(spec, w);
    DType kv = kvDtype(spec, w);
    Serving sv = w.serving();
    int tp = sv.tensorParallel();
    long b = w.batchSize();
    long s = sequenceLength(spec, w);
    if (s > spec.maxContext()) {
      notes.add("sequence length " + s + " exceeds the model's configured context of "
          + spec.maxContext() + " tokens");
    }
    long weights = perGpuWeights(spec, weightsBytes(spec, w.dtype(), notes), tp);
    long perToken = kvBytesPerToken(spec, kv, tp);
    if (tp > 1) {
      notes.add("tensor parallel " + tp + ": weights split except norms (replicated); KV heads"
          + " per GPU = max(1, KV heads / " + tp + ") as vLLM does; MLA latents replicated;"
          + " figures are per GPU");
    }
    notes.add("KV cache = 2 (K and V) x layers x KV heads x head_dim x " + fmt(kv.bits() / 8.0)
        + " B (" + kv + ") per token, times batch x sequence; sliding-window layers hold at "
        + "most their window");
    explainWeights(spec, w, dtype, weights, tp, ex);
    ex.add(new Explanation("inference", "kvCacheBytesPerToken", kvFormula(spec, kv, tp) + " = "
        + grouped(perToken), perToken));
    if (sv.engine() == Engine.VLLM) {
      return vllm(spec, w, dtype, kv, weights, perToken, notes, ex);
    }
    long kvCache = kvCacheBytes(spec, kv, b, s, tp);
    ex.add(new Explanation("inference", "kvCacheBytes", "batch " + b + " x (per layer: tokens"
        + " held of " + s + ", window-capped; plus recurrent state) x bytes per token per layer = "
        + grouped(kvCache), kvCache));
    long act = Activations.inference(spec, dtype, b, s, w.attention(), tp);
    int e = Activations.inferenceElementBytes(dtype);
    ex.add(new Explanation("inference", "activationBytes", "b " + b + " x s " + s + " x max(2h + 3f,"
        + " 2h + 2q + 2kv) with h " + spec.hiddenSize() + ", f " + spec.intermediateSize()
        + (tp > 1 ? " (inner terms / tp " + tp + ")" : "") + " x " + e + " B + last-token logits b x V "
        + spec.vocabSize() + " x " + (e + 4) + " B" + (w.attention() == AttentionImpl.EAGER
            ? " + scores b x heads x s^2 x " + (2 * e + 4) + " B" : "") + " = " + grouped(act),
        act));
    long overhead = overhead(w, Math.addExact(kvCache, act));
    ex.add(new Explanation("inference", "overheadBytes", w.overheadBytes() != null
        ? "--overhead " + grouped(overhead) : OVERHEAD_FORMULA + "(KV cache " + grouped(kvCache)
            + " + activations " + grouped(act) + ") = " + grouped(overhead),
        overhead));
    long total = Math.addExact(Math.addExact(weights, kvCache), Math.addExact(act, overhead));
    notes.add("inference activations: prefill peak of one layer with "
        + (w.attention() == AttentionImpl.FLASH ? "fused (flash/SDPA) attention"
            : "eager attention (b x heads x s^2 scores)")
        + ", plus last-token logits in fp32");
    return new InferenceEstimate(dtype, kv, b, s, Engine.HF, tp, weights, kvCache, perToken, act,
        overhead, total, -1, -1);
  }

  /** vLLM: util x memory minus weights, profiled peak and non-torch memory is KV cache. */
  private static InferenceEstimate vllm(ModelSpec spec, Workload w, DType dtype, DType kv,
      long weights, long perToken, List<String> notes, List<Explanation> ex) {
    Serving sv = w.serving();
    int tp = sv.tensorParallel();
    long s = sequenceLength(spec, w);
    if (sv.gpuMemoryBytes() == null) {
      throw new WorkloadException("the vllm engine needs the GPU's memory (--gpu or"
          + " --gpu-memory)");
    }
    long budget = (long) Math.floor(sv.gpuMemoryUtilization() * sv.gpuMemoryBytes());
    long profileTokens = Math.min(sv.maxNumBatchedTokens(), Math.max(spec.maxContext(),
        Math.multiplyExact(s, Math.min(w.batchSize(), sv.maxNumSeqs()))));
    long act = Activations.inference(spec, dtype, 1, profileTokens, AttentionImpl.FLASH, tp);
    act = Math.addExact(act, Math.multiplyExact(Math.multiplyExact(sv.maxNumSeqs(),
        spec.vocabSize() / tp), 4));
    long overhead = w.overheadBytes() != null ? w.overheadBytes() : VLLM_NON_TORCH_BYTES;
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
    return new InferenceEstimate(dtype, kv, w.batchSize(), s, Engine.VLLM, tp, weights, kvCache,
        perToken, act, overhead, total, capacity, concurrency);
  }

  private static void explainWeights(ModelSpec spec, Workload w, DType dtype, long weights,
      int tp, List<Explanation> ex) {
    String how;
    if (w.dtype() == null && !spec.storedParameters().isEmpty()) {
      how = "stored tensors " + spec.storedParameters() + " x their widths";
    } else if (w.dtype() == null && spec.quantization() != null) {
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

  private static String kvFormula(ModelSpec spec, DType kv, int tp) {
    StringBuilder sb = new StringBuilder();
    for (CacheGroup g : spec.cache()) {
      if (g.kind() == CacheKind.STATE) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(" + ");
      }
      if (g.kind() == CacheKind.MLA) {
        sb.append(g.layers()).append(" MLA layers x ").append(g.keyDim())
            .append(" (kv_lora_rank + rope)");
      } else {
        sb.append(g.layers()).append(' ').append(g.kind().name().toLowerCase(Locale.ROOT))
            .append(" layers x 2 x ").append(tp > 1 ? Math.max(1, g.kvHeads() / tp)
                : g.kvHeads()).append(" KV heads x ").append(g.keyDim());
      }
    }
    if (sb.length() == 0) {
      return "no attention layers: 0";
    }
    return "(" + sb + ") x " + (kv.bits() % 8 == 0 ? kv.bits() / 8 + " B" : kv.bits() + " bits")
        + " (" + kv + ")";
  }

  static String grouped(long n) {
    return io.hfvram.core.Numbers.grouped(n);
  }

  /** Weights per GPU under tensor parallelism: norms replicated, the rest split. */
  static long perGpuWeights(ModelSpec spec, long total, int tp) {
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

  /**
   * Weights bytes: at a what-if dtype when one is given; else the checkpoint's stored tensors
   * when weights metadata was read, its quantization scheme, or its dtype.
   */
  public static long weightsBytes(ModelSpec spec, DType whatIf, List<String> notes) {
    if (whatIf != null) {
      return WeightBytes.at(spec, whatIf, notes);
    }
    if (!spec.storedParameters().isEmpty()) {
      notes.add("weights: the checkpoint's stored tensors " + spec.storedParameters());
      return StoredDtypes.bytes(spec.storedParameters());
    }
    if (spec.quantization() != null) {
      return WeightBytes.checkpoint(spec, notes);
    }
    return WeightBytes.at(spec, spec.weightDtype(), notes);
  }

  /** KV cache bytes per token over all layers (no window cap). */
  public static long kvBytesPerToken(ModelSpec spec, DType kv) {
    return kvBytesPerToken(spec, kv, 1);
  }

  /** KV cache bytes per token per GPU under tensor parallelism. */
  public static long kvBytesPerToken(ModelSpec spec, DType kv, int tp) {
    long elements = 0;
    for (CacheGroup g : spec.cache()) {
      if (g.kind() == CacheKind.STATE) {
        continue;
      }
      elements = Math.addExact(elements, Math.multiplyExact(g.layers(), perGpuElements(g, tp)));
    }
    return ceilBits(Math.multiplyExact(elements, kv.bits()));
  }

  private static long perGpuElements(CacheGroup g, int tp) {
    if (tp <= 1 || g.kind() == CacheKind.MLA) {
      return g.elementsPerTokenPerLayer();
    }
    long heads = Math.max(1, g.kvHeads() / tp);
    return Math.multiplyExact(heads, g.keyDim() + g.valueDim());
  }

  /** KV cache (and recurrent state) bytes for a batch of sequences. */
  public static long kvCacheBytes(ModelSpec spec, DType kv, long batch, long seq) {
    return kvCacheBytes(spec, kv, batch, seq, 1);
  }

  /** KV cache (and recurrent state) bytes per GPU for a batch of sequences. */
  public static long kvCacheBytes(ModelSpec spec, DType kv, long batch, long seq, int tp) {
    long bitsPerSequence = 0;
    for (CacheGroup g : spec.cache()) {
      long elements;
      if (g.kind() == CacheKind.STATE) {
        elements = Math.multiplyExact(g.layers(), g.stateElements() / tp);
      } else {
        elements = Math.multiplyExact(Math.multiplyExact(g.layers(), perGpuElements(g, tp)),
            g.tokensHeld(seq));
      }
      bitsPerSequence = Math.addExact(bitsPerSequence, Math.multiplyExact(elements, kv.bits()));
    }
    return Math.multiplyExact(ceilBits(bitsPerSequence), batch);
  }

  static long overhead(Workload w, long dynamicBytes) {
    if (w.overheadBytes() != null) {
      return w.overheadBytes();
    }
    return Math.addExact(CUDA_CONTEXT_BYTES, (long) Math.ceil(dynamicBytes * ALLOCATOR_RESERVE));
  }

  /** The training precision used: the workload's, else fp32 for fp32 weights, else mixed. */
  public static Precision precision(ModelSpec spec, Workload w) {
    if (w.training().precision() != null) {
      return w.training().precision();
    }
    return weightDtype(spec, w) == DType.FP32 ? Precision.FP32 : Precision.MIXED;
  }

  static TrainingEstimate training(ModelSpec spec, Workload w, List<String> notes) {
    return training(spec, w, notes, new ArrayList<>());
  }

  static TrainingEstimate training(ModelSpec spec, Workload w, List<String> notes,
      List<Explanation> ex) {
    TrainingSetup t = w.training();
    Precision p = precision(spec, w);
    long b = w.batchSize();
    long s = sequenceLength(spec, w);
    long params = spec.parameters();
    int n = t.gpus();
    int z = t.zeroStage();
    int tp = t.tensorParallel();
    long trainable;
    long frozen;
    if (t.method() == Method.FULL) {
      trainable = params;
      frozen = 0;
    } else {
      List<String> unknown = Lora.unknownTargets(spec, t.loraTargets());
      if (!unknown.isEmpty()) {
        throw new WorkloadException("LoRA targets " + unknown + " match no module of "
            + spec.modelType() + "; its linear modules are " + Lora.moduleNames(spec));
      }
      trainable = Lora.trainable(spec, t.loraRank(), t.loraTargets());
      frozen = t.method() == Method.QLORA ? WeightBytes.quantized(spec, WeightBytes.NF4)
          : Math.multiplyExact(params, 2);
    }
    long computeFull = Math.addExact(frozen, Math.multiplyExact(trainable, p.computeBytes()));
    long compute = div(computeFull, z == 3 ? n : 1);
    long fp32Weights = div(Math.multiplyExact(trainable, p.fp32WeightBytes()), z >= 1 ? n : 1);
    long grads = div(Math.multiplyExact(trainable, p.gradientBytes()), z >= 2 ? n : 1);
    long optimizer = div(Math.addExact(Math.multiplyExact(trainable, p.masterBytes()),
        optimizerStateBytes(spec, t.optimizer(), p, trainable, t.method() != Method.FULL)),
        z >= 1 ? n : 1);
    // ZeRO-3/FSDP gathers one layer's 16-bit parameters (and its gradients) at a time; the
    // gathered copy never takes a GPU above holding the whole unsharded model.
    long gathered = z == 3 && n > 1 ? Math.min(Math.multiplyExact(largestLayer(spec),
        2L * p.computeBytes()), computeFull - compute) : 0;
    long cpu = 0;
    if (t.offload() != Offload.NONE) {
      long offloaded = Math.addExact(Math.addExact(optimizer, fp32Weights), grads);
      long full = Math.multiplyExact(offloaded, z >= 1 ? n : 1);
      if (t.offload() == Offload.PARAMS) {
        full = Math.addExact(full, Math.multiplyExact(compute, n));
        compute = 0;
      }
      cpu = (long) Math.ceil(full * CPU_BUFFER_FACTOR);
      optimizer = 0;
      fp32Weights = 0;
      grads = 0;
      notes.add("offload " + t.offload() + ": those states live in CPU memory (" + cpu
          + " B for the node, with DeepSpeed's " + CPU_BUFFER_FACTOR + "x buffer factor)");
    }
    long weights = Math.addExact(Math.addExact(compute, fp32Weights), gathered);
    weights = div(weights, tp);
    grads = div(grads, tp);
    optimizer = div(optimizer, tp);
    long act = Activations.training(spec, p.activationBytes(), b, s, w.attention(), t,
        Lora.adaptedPerLayer(spec, t.loraTargets()));
    long overhead = overhead(w, act);
    long total = Math.addExact(Math.addExact(weights, grads),
        Math.addExact(Math.addExact(optimizer, act), overhead));
    String shard = (n > 1 ? ", ZeRO-" + z + " over " + n + " GPUs" : "")
        + (tp > 1 ? ", / tp " + tp : "");
    ex.add(new Explanation("training", "weightsBytes", (t.method() == Method.FULL ? ""
        : "frozen base " + grouped(frozen) + " + ") + "trainable " + grouped(trainable) + " x "
        + p.weightBytes() + " B" + shard + (gathered > 0 ? " + gathered largest layer "
            + grouped(gathered) : "") + " = " + grouped(weights), weights));
    ex.add(new Explanation("training", "gradientBytes", "trainable " + grouped(trainable) + " x "
        + p.gradientBytes() + " B" + shard + " = " + grouped(grads), grads));
    ex.add(new Explanation("training", "optimizerBytes", "trainable " + grouped(trainable)
        + " x (" + p.masterBytes() + " B master + " + stateBytesPerParameter(t.optimizer(), p)
        + " B " + t.optimizer() + " states)" + shard + " = " + grouped(optimizer), optimizer));
    ex.add(new Explanation("training", "activationBytes", "per layer per token (4h + 2q + 2kv"
        + " + 4f) x " + p.activationBytes() + " B + 4 B x heads, h " + spec.hiddenSize()
        + ", f " + spec.intermediateSize() + (spec.expertsPerToken() > 0 ? " x top-"
            + spec.expertsPerToken() : "") + ", x " + spec.numLayers() + " layers x b " + b
        + " x s " + s + " (checkpointing: " + t.checkpointing() + ") + embeddings + logits V "
        + spec.vocabSize() + " x " + (p.activationBytes() + 8) + " B = " + grouped(act), act));
    ex.add(new Explanation("training", "overheadBytes", w.overheadBytes() != null
        ? "--overhead " + grouped(overhead) : OVERHEAD_FORMULA + "activations " + grouped(act)
            + " = " + grouped(overhead), overhead));
    notes.add("training: " + t.method() + (t.method() == Method.FULL ? " fine-tune" : " (rank "
        + t.loraRank() + ", " + (t.loraTargets().isEmpty() ? "attention and MLP projections"
            : String.join(",", t.loraTargets())) + ")") + ", " + t.optimizer() + ", " + p
        + " precision = " + p.weightBytes() + " B weights + " + p.gradientBytes()
        + " B gradients + " + (p.masterBytes() + stateBytesPerParameter(t.optimizer(), p))
        + " B optimizer" + (p.masterBytes() > 0 ? " (incl. " + p.masterBytes()
            + " B fp32 master weights)" : "") + " per trainable parameter"
        + (t.method() == Method.LORA ? "; frozen base at 2 B" : "")
        + (t.method() == Method.QLORA ? "; frozen base in 4-bit NF4 with double quant" : ""));
    if (n > 1 || z > 0) {
      notes.add("sharding: " + n + " GPUs, ZeRO stage " + z + (z == 0 ? " (DDP: every GPU"
          + " holds everything)" : "") + "; ZeRO-1 partitions optimizer states and fp32 weights,"
          + " ZeRO-2 also gradients, ZeRO-3/FSDP also the 16-bit weights (plus the largest"
          + " layer gathered: 2 x its parameters x compute bytes); figures are per GPU");
    }
    notes.add("training activations: Korthikanti et al. (arXiv:2205.05198) per-layer terms, "
        + "generalised to GQA and gated MLPs, " + (t.checkpointing() == Checkpointing.NONE ? "no"
            : t.checkpointing().id()) + " recomputation, "
        + w.attention() + " attention" + (tp > 1 ? ", tensor parallel " + tp
            + (t.sequenceParallel() ? " with sequence parallel" : "") : "")
        + "; logits and loss buffers included");
    return new TrainingEstimate(t.method(), t.optimizer(), p, b, s, trainable, weights, grads,
        optimizer, act, overhead, total, n, z, t.offload(), cpu,
        t.method() == Method.FULL ? 0 : t.loraRank(), t.checkpointing());
  }

  /** The parameters of the largest single weight tensor (ZeRO-3 gathers one at a time). */
  static long largestLayer(ModelSpec spec) {
    long max = 0;
    for (WeightGroup g : spec.weights()) {
      max = Math.max(max, g.parametersPerInstance());
    }
    return max;
  }

  private static long div(long a, long n) {
    return n <= 1 ? a : (a + n - 1) / n;
  }

  /** Optimizer state bytes per parameter (rounded for Adafactor, whose state is factored). */
  static long stateBytesPerParameter(Optimizer o, Precision p) {
    if (o == Optimizer.ADAMW_8BIT) {
      return 2;
    }
    return (long) o.statesPerParameter() * p.stateBytes();
  }

  static long optimizerStateBytes(ModelSpec spec, Optimizer o, Precision p, long trainable,
      boolean adapters) {
    if (o != Optimizer.ADAFACTOR || adapters) {
      return Math.multiplyExact(trainable, o == Optimizer.ADAFACTOR ? p.stateBytes()
          : stateBytesPerParameter(o, p));
    }
    // Factored second moment: one row and one column vector per matrix, full for vectors.
    long elements = 0;
    for (WeightGroup g : spec.weights()) {
      long per = g.isMatrix() ? g.inFeatures() + g.outFeatures() : g.outFeatures();
      per += g.bias() ? g.outFeatures() : 0;
      elements = Math.addExact(elements, Math.multiplyExact(per, g.instances()));
    }
    return Math.multiplyExact(elements, p.stateBytes());
  }

  static long ceilBits(long bits) {
    return bits / 8 + (bits % 8 == 0 ? 0 : 1);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
