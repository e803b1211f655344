package io.hfvram.estimate;

import io.hfvram.core.Numbers;
import io.hfvram.spec.CacheGroup;
import io.hfvram.spec.CacheKind;
import io.hfvram.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * vLLM's KV cache at start-up, per GPU: gpu_memory_utilization x torch's total_memory, less the
 * weights, the profiled activation peak and the non-torch memory (and, from 0.21, the CUDA-graph
 * estimate), in 16-token blocks; and the longest context that pool accepts, as vLLM's
 * estimate_max_model_len finds it (docs/formulas.md, "vLLM by version").
 */
final class VllmEstimator {
  /** vLLM's KV block size in tokens (CacheConfig's default on CUDA). */
  static final long BLOCK = 16;

  private VllmEstimator() {}

  /** The vLLM estimate; conventions go to {@code notes}, formulas to {@code ex}. */
  static InferenceEstimate estimate(
      Plan p, long weights, long perToken, List<String> notes, List<Explanation> ex) {
    Serving sv = p.serving();
    int tp = sv.tensorParallel();
    long s = p.sequenceLength();
    requireGpu(sv);
    VllmProfile vp = VllmProfile.of(p);
    weights = Math.addExact(weights, ropeCache(p));
    EngineFigures.Draft draft = vp.draft();
    if (draft != null) {
      weights = Math.addExact(weights, draft.weightsBytes());
      perToken = Math.addExact(perToken, draft.kvCacheBytesPerToken());
      notes.add(draftNote(draft));
    }
    long budget = (long) Math.floor(sv.gpuMemoryUtilization() * sv.budgetMemoryBytes());
    long act = vp.activation();
    Long fixed = p.workload().overheadBytes();
    long overhead = fixed != null ? fixed : vp.overhead();
    long free = budget - weights - act - overhead;
    long capacity = -1;
    long kvCache;
    double concurrency = -1;
    if (perToken > 0) {
      long blocks = free > 0 ? free / Math.multiplyExact(perToken, BLOCK) : 0;
      capacity = Math.multiplyExact(blocks, BLOCK);
      kvCache = Math.multiplyExact(capacity, perToken);
      concurrency = capacity / (double) s;
    } else {
      notes.add(
          "no attention layers: vLLM's KV pool holds recurrent states only; capacity not"
              + " given in tokens");
      kvCache = Math.max(0, free);
    }
    long available = Math.max(0, free);
    long maxLen = maxModelLen(p, vp, available);
    List<String> warnings = warnings(p, vp, available, maxLen);
    long total = Math.addExact(Math.addExact(weights, kvCache), Math.addExact(act, overhead));
    explain(p, vp, budget, weights, act, overhead, perToken, capacity, kvCache, ex);
    note(p, vp, budget, notes);
    notes.addAll(warnings);
    return new InferenceEstimate(
        p.weightDtype(),
        p.kvDtype(),
        p.batchSize(),
        s,
        Engine.VLLM,
        tp,
        weights,
        kvCache,
        perToken,
        act,
        overhead,
        total,
        capacity,
        concurrency,
        maxLen,
        warnings,
        new EngineFigures(null, null, draft));
  }

  private static void requireGpu(Serving sv) {
    if (sv.budgetMemoryBytes() == null) {
      throw new WorkloadException("the vllm engine needs the GPU's memory (--gpu or --gpu-memory)");
    }
  }

  private static String draftNote(EngineFigures.Draft d) {
    if (VllmSpeculation.DRAFT_MODEL.equals(d.method())) {
      return String.format(
          Locale.ROOT,
          "vLLM speculative decoding (draft model, %d speculative tokens): the draft's %d layers"
              + " are loaded on every GPU at the target's tensor parallelism (%d B per GPU), their"
              + " attention KV cache shares the pool (%d B per token), and the draft's profiled"
              + " forward adds %d B beyond the target's",
          d.speculativeTokens(),
          d.layers(),
          d.weightsBytes(),
          d.kvCacheBytesPerToken(),
          d.activationBytes());
    }
    return String.format(
        Locale.ROOT,
        "vLLM speculative decoding (method %s, %d speculative tokens): the %d MTP layer(s) are"
            + " loaded as the draft (%d B per GPU; the embedding is the target's), each with an"
            + " attention KV cache in the same pool (%d B per token), and the draft's profiled"
            + " forward keeps the target's hidden states live (%d B)",
        d.method(),
        d.speculativeTokens(),
        d.layers(),
        d.weightsBytes(),
        d.kvCacheBytesPerToken(),
        d.activationBytes());
  }

  private static void note(Plan p, VllmProfile vp, long budget, List<String> notes) {
    Serving sv = p.serving();
    int tp = sv.tensorParallel();
    String graphs =
        vp.version().countsCudaGraphs()
            ? "; " + (vp.cudaGraphs() >> 20) + " MiB CUDA-graph estimate inside the budget"
            : "; CUDA graphs (~"
                + (vp.cudaGraphs() >> 20)
                + " MiB) are captured after the KV"
                + " cache, outside the budget";
    notes.add(
        String.format(
            Locale.ROOT,
            "vLLM %s: %.2f x %s torch total_memory = %d B budget; profiled peak = max(dummy"
                + " forward of %d tokens, sampler over %d sequences x %d logits); %d MiB non-torch"
                + " memory (%s)%s; the rest is KV cache in %d-token blocks",
            vp.version().label(),
            sv.gpuMemoryUtilization(),
            sv.gpuName() == null ? "GPU" : sv.gpuName(),
            budget,
            vp.batchedTokens(),
            vp.seqs(),
            p.spec().vocabSize(),
            vp.nonTorch() >> 20,
            tp > 1 ? "NCCL and custom all-reduce buffers with tp " + tp : "one GPU",
            graphs,
            BLOCK));
    notes.add(
        "vLLM KV tokens count every attention layer per token, as vLLM reports them (the"
            + " hybrid allocator's blocks x 16 / groups); sliding-window layers let a single"
            + " request run longer (maxModelLen), not more tokens in total");
  }

  /**
   * The rotary embedding's cos/sin cache that vLLM's RotaryEmbedding builds at load time, counted
   * in its weights figure: max_position x head_dim in the model's dtype (replicated per GPU).
   */
  static long ropeCache(Plan p) {
    return ropeCache(p.spec(), Activations.inferenceElementBytes(p.weightDtype()));
  }

  /** The rotary cos/sin cache of a model: max context x head_dim x {@code e} bytes. */
  static long ropeCache(ModelSpec spec, int e) {
    return Math.multiplyExact(Math.multiplyExact(spec.maxContext(), spec.headDim()), e);
  }

  /**
   * The longest context (at most the model's) whose one request's KV fits the pool, as
   * estimate_max_model_len (v1/core/kv_cache_utils.py) searches it: full-attention and MLA layers
   * hold ceil(L / 16) blocks, sliding-window layers min(window - 1 + max_num_batched_tokens, L)
   * tokens plus one block, recurrent layers one state.
   */
  static long maxModelLen(Plan p, VllmProfile vp, long available) {
    long lo = 0;
    long hi = p.spec().maxContext();
    if (needed(p, vp, hi) <= available) {
      return hi;
    }
    while (lo < hi) {
      long mid = lo + (hi - lo + 1) / 2;
      if (needed(p, vp, mid) <= available) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** KV bytes one request of {@code len} tokens needs, per GPU, in whole blocks. */
  static long needed(Plan p, VllmProfile vp, long len) {
    int tp = p.serving().tensorParallel();
    int bits = p.kvDtype().bits();
    long total = 0;
    for (CacheGroup g : p.spec().cache()) {
      long bytes;
      if (g.kind() == CacheKind.STATE) {
        bytes = Math.multiplyExact(g.layers(), g.stateElements() / tp) * bits / 8;
      } else {
        long tokens = len;
        long extra = 0;
        if (g.kind() == CacheKind.SLIDING && g.window() > 0) {
          tokens = Math.min(g.window() - 1 + vp.batchedTokens(), len);
          extra = 1;
        }
        long blocks = (tokens + BLOCK - 1) / BLOCK + (tokens > 0 ? extra : 0);
        long perLayerToken = KvCache.perGpuElements(g, tp) * bits / 8;
        bytes =
            Math.multiplyExact(
                Math.multiplyExact(g.layers(), perLayerToken), Math.multiplyExact(blocks, BLOCK));
      }
      total = Math.addExact(total, bytes);
    }
    if (vp.draft() != null) {
      long blocks = (len + BLOCK - 1) / BLOCK;
      total =
          Math.addExact(
              total,
              Math.multiplyExact(
                  vp.draft().kvCacheBytesPerToken(), Math.multiplyExact(blocks, BLOCK)));
    }
    return total;
  }

  /** vLLM's refusal to start, with the flags that fix it, when the context does not fit. */
  static List<String> warnings(Plan p, VllmProfile vp, long available, long maxLen) {
    List<String> w = new ArrayList<>();
    long want = vp.maxModelLen();
    if (available <= 0) {
      w.add(
          "warning: vLLM would refuse to start: no memory is left for the KV cache"
              + " (\"No available memory for the cache blocks\"); raise --gpu-memory-utilization,"
              + " use more tensor parallelism (--tp) or a smaller model or dtype");
      return w;
    }
    if (needed(p, vp, want) <= available) {
      return w;
    }
    StringBuilder fix =
        new StringBuilder(
            "use --max-model-len "
                + maxLen
                + " or less, more tensor parallelism (--tp "
                + 2 * p.serving().tensorParallel()
                + ")");
    if (p.kvDtype().bits() > 8) {
      fix.append(", an fp8 KV cache (--kv-dtype fp8)");
    }
    fix.append(" or a higher --gpu-memory-utilization");
    w.add(
        String.format(
            Locale.ROOT,
            "warning: vLLM would refuse to start: the max seq len (%s"
                + " tokens%s) needs %.2f GiB of KV cache but only %.2f GiB is available (the maximum"
                + " number of tokens that can be stored in KV cache is about %s); %s",
            Numbers.grouped(want),
            p.serving().maxModelLen() > 0 ? ", --max-model-len" : ", the model's context",
            needed(p, vp, want) / (double) VllmProfile.GIB,
            available / (double) VllmProfile.GIB,
            Numbers.grouped(maxLen),
            fix));
    return w;
  }

  private static void explain(
      Plan p,
      VllmProfile vp,
      long budget,
      long weights,
      long act,
      long overhead,
      long perToken,
      long capacity,
      long kvCache,
      List<Explanation> ex) {
    Serving sv = p.serving();
    ex.add(
        new Explanation(
            "inference",
            "activationBytes",
            String.format(
                Locale.ROOT,
                "max(forward %s tokens = %s, sampler %s x V %s x %d B + 2 x %s x h x %d B = %s)",
                grouped(vp.batchedTokens()),
                grouped(vp.forwardPeak()),
                grouped(vp.seqs()),
                grouped(p.spec().vocabSize()),
                VllmProfile.samplerBytesPerLogit(
                    vp.version(), Activations.inferenceElementBytes(p.weightDtype())),
                grouped(vp.batchedTokens()),
                Activations.inferenceElementBytes(p.weightDtype()),
                grouped(vp.samplerPeak())),
            act));
    ex.add(
        new Explanation(
            "inference",
            "kvCapacityTokens",
            String.format(
                Locale.ROOT,
                "floor((%.2f x %s - weights %s - profiled peak %s - non-torch%s %s) / (16 x %s)) x 16"
                    + " = %s tokens",
                sv.gpuMemoryUtilization(),
                grouped(sv.budgetMemoryBytes()),
                grouped(weights),
                grouped(act),
                vp.version().countsCudaGraphs() ? " and CUDA graphs" : "",
                grouped(overhead),
                grouped(perToken),
                grouped(capacity)),
            kvCache));
    ex.add(
        new Explanation(
            "inference",
            "vllmBudgetBytes",
            String.format(
                Locale.ROOT,
                "gpu_memory_utilization %.2f x torch total_memory %s",
                sv.gpuMemoryUtilization(),
                grouped(sv.budgetMemoryBytes())),
            budget));
  }

  private static String grouped(long n) {
    return Numbers.grouped(n);
  }
}
