package io.hfvram.estimate;

import io.hfvram.spec.ModelSpec;
import java.util.Locale;

/**
 * What vLLM's start-up memory profiling measures, per GPU, for one plan and release: the defaults
 * of {@code vllm serve}, the profiled activation peak (the dummy forward of max_num_batched_tokens
 * tokens and the dummy sampler run over max_num_seqs rows of logits), the memory outside torch's
 * allocator, and the CUDA-graph pool. Each rule and its vllm-project/vllm source is in
 * docs/formulas.md, "vLLM by version". The requests' batch size plays no part: vLLM profiles before
 * any request arrives.
 *
 * @param version the release modelled
 * @param maxModelLen the context vLLM is started with (--max-model-len, else the model's)
 * @param batchedTokens tokens of the profiled forward pass (max_num_batched_tokens)
 * @param seqs rows of the profiled sampler (max_num_seqs, at most batchedTokens)
 * @param forwardPeak the dummy forward's live tensors at its widest layer
 * @param samplerPeak the dummy sampler's logits-sized buffers plus the forward's kept outputs
 * @param nonTorch memory outside torch's allocator gained during profiling
 * @param cudaGraphs the CUDA-graph pool (subtracted only where the release counts it)
 * @param draft the MTP draft when speculative decoding is on (its forward is in forwardPeak, its
 *     layers' graphs in cudaGraphs), else null
 */
record VllmProfile(
    VllmVersion version,
    long maxModelLen,
    long batchedTokens,
    long seqs,
    long forwardPeak,
    long samplerPeak,
    long nonTorch,
    long cudaGraphs,
    EngineFigures.Draft draft) {

  static final long GIB = 1L << 30;
  static final long MIB = 1L << 20;

  /** Non-torch memory on one GPU: cuBLAS workspaces and CUDA runtime allocations (~0.25 GiB). */
  static final long NON_TORCH_BASE = GIB / 4;

  /** Added with tensor parallelism: NCCL channel buffers and custom all-reduce (~1.9 GiB). */
  static final long NON_TORCH_TP = 1900 * MIB;

  /** CUDA graphs, FULL_AND_PIECEWISE up to 512 sequences: a fixed pool plus one per layer. */
  static final long GRAPH_BASE = 400 * MIB;

  static final long GRAPH_PER_LAYER = 16 * MIB;

  /** vLLM's default for "large" GPUs (at least 70 GiB, not an A100) in arg_utils.py. */
  static final long LARGE_GPU = 70 * GIB;

  /** Resolves the release's defaults and profiled figures for the plan. */
  static VllmProfile of(Plan p) {
    ModelSpec spec = p.spec();
    Serving sv = p.serving();
    VllmVersion v = sv.vllmVersion();
    long maxLen = sv.maxModelLen() > 0 ? sv.maxModelLen() : spec.maxContext();
    boolean large =
        sv.budgetMemoryBytes() >= LARGE_GPU
            && (sv.gpuName() == null || !sv.gpuName().toLowerCase(Locale.ROOT).contains("a100"));
    long seqs = sv.maxNumSeqs() > 0 ? sv.maxNumSeqs() : v.v0() || !large ? 256 : 1024;
    long tokens =
        sv.maxNumBatchedTokens() > 0
            ? sv.maxNumBatchedTokens()
            : defaultBatchedTokens(v, maxLen, large);
    seqs = Math.min(seqs, tokens);
    int e = Activations.inferenceElementBytes(p.weightDtype());
    int tp = sv.tensorParallel();
    EngineFigures.Draft draft = VllmDraft.of(p, tokens);
    long forward = forward(spec, e, tokens, tp);
    long layers = spec.numLayers();
    if (draft != null) {
      // The draft's dummy forward runs inside the target's, whose hidden states stay live.
      forward = Math.addExact(forward, draft.activationBytes());
      layers = Math.addExact(layers, draft.layers());
    }
    long sampler =
        Math.addExact(
            Math.multiplyExact(
                Math.multiplyExact(seqs, spec.vocabSize()), samplerBytesPerLogit(v, e)),
            Math.multiplyExact(2L * tokens * spec.hiddenSize(), e));
    long nonTorch = nonTorch(tp);
    long graphs = GRAPH_BASE + GRAPH_PER_LAYER * layers;
    return new VllmProfile(v, maxLen, tokens, seqs, forward, sampler, nonTorch, graphs, draft);
  }

  /** Non-torch memory at start-up: the CUDA context, and with TP NCCL's and all-reduce buffers. */
  static long nonTorch(int tp) {
    return tp > 1 ? NON_TORCH_BASE + NON_TORCH_TP : NON_TORCH_BASE;
  }

  /**
   * max_num_batched_tokens for {@code vllm serve}: V0 without chunked prefill profiles
   * max(max_model_len, 2048) tokens, with chunked prefill (its default above 32K context) 512; V1
   * (chunked prefill always on) 8192 on large GPUs, else 2048.
   */
  static long defaultBatchedTokens(VllmVersion v, long maxLen, boolean large) {
    if (v.v0()) {
      return maxLen > 32768 ? 512 : Math.max(maxLen, 2048);
    }
    return large ? 8192 : 2048;
  }

  /**
   * Bytes per logit of the dummy sampler run: the logits in the model's dtype, their fp32 copy
   * (none for fp32 models), the softmax probabilities and the exponential noise the random sampler
   * divides by (4 B each); where the release sorts for top-k/top-p, the sorted fp32 values and
   * int64 indices and the radix sort's double buffers of both (24 B).
   */
  static long samplerBytesPerLogit(VllmVersion v, int e) {
    long b = e + (e < 4 ? 4 : 0) + 4 + 4;
    return v.samplerSorts() ? b + 24 : b;
  }

  /**
   * The dummy forward's widest layer per GPU: residual and normed input (2h, replicated) plus the
   * gated MLP's gate/up output and activation (3f / tp) or attention's Q, K, V and output; for MoE,
   * the fused-MoE workspace of top-k x (gate/up, activation, and the h-wide output) per token.
   */
  static long forward(ModelSpec spec, int e, long tokens, int tp) {
    long h = spec.hiddenSize();
    long f = spec.intermediateSize();
    long inner = Activations.widestInner(spec, tp);
    if (spec.expertsPerToken() > 0) {
      inner = Math.max(inner, Math.multiplyExact(spec.expertsPerToken(), 3 * f / tp + h));
    }
    return Math.multiplyExact(Math.multiplyExact(tokens, Math.addExact(2 * h, inner)), e);
  }

  /** The profiled activation peak: the larger of the forward's and the sampler's. */
  long activation() {
    return Math.max(forwardPeak, samplerPeak);
  }

  /** What the budget subtracts besides weights and activations. */
  long overhead() {
    return version.countsCudaGraphs() ? nonTorch + cudaGraphs : nonTorch;
  }
}
