package io.hfvram.estimate;

import io.hfvram.core.Numbers;
import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The pure estimator: a {@link ModelSpec} and a {@link Workload} in, an explained {@link Estimate}
 * out. No I/O. Every formula is written down, with its source, in docs/formulas.md.
 *
 * <p>This is the entry point; it resolves the workload's defaults once and hands them to the
 * inference half, the training half and, when a GPU is named, the fit solver above both.
 */
public final class Estimator {
  /** CUDA context and kernels loaded by PyTorch (not seen by torch.cuda memory counters). */
  public static final long CUDA_CONTEXT_BYTES = Overhead.CUDA_CONTEXT_BYTES;

  /** Allocator reserve (fragmentation) as a fraction of the dynamic allocations. */
  public static final double ALLOCATOR_RESERVE = Overhead.ALLOCATOR_RESERVE;

  /** vLLM's memory outside torch's allocator on one GPU (tensor parallelism adds NCCL's). */
  public static final long VLLM_NON_TORCH_BYTES = VllmProfile.NON_TORCH_BASE;

  /** vLLM's KV block size in tokens. */
  public static final long VLLM_BLOCK = VllmEstimator.BLOCK;

  /** DeepSpeed's buffer factor on offloaded CPU memory (additional_buffer_factor). */
  public static final double CPU_BUFFER_FACTOR = TrainingEstimator.CPU_BUFFER_FACTOR;

  private Estimator() {}

  /** Estimates inference and training memory, and the fit when a GPU is named. */
  public static Estimate estimate(ModelSpec stored, Workload w) {
    // What the frameworks load: the multi-token-prediction module stays on disk.
    ModelSpec spec = stored.withoutMtp();
    Plan plan = Plan.of(stored, spec, w);
    List<String> notes = new ArrayList<>();
    VllmSpeculation sp = w.serving().engines().speculation();
    if (sp.draft() != null && w.serving().engine() != Engine.VLLM) {
      throw new WorkloadException("--speculative-model applies to --engine vllm only");
    }
    if (sp.enabled() && w.serving().engine() != Engine.VLLM) {
      throw new WorkloadException(
          "--speculative-method and --num-speculative-tokens apply to --engine vllm only");
    }
    if (stored.mtpParameters() > 0 && !w.serving().engines().speculation().enabled()) {
      notes.add(
          "the multi-token-prediction module ("
              + Numbers.grouped(stored.mtpParameters())
              + " parameters) is stored but not loaded: transformers skips it and vLLM loads it only"
              + " for speculative decoding");
    }
    List<Explanation> ex = new ArrayList<>();
    InferenceEstimate inference = InferenceEstimator.estimate(plan, notes, ex);
    TrainingEstimate training = TrainingEstimator.estimate(plan, notes, ex);
    Fit fit = w.serving().gpuMemoryBytes() == null ? null : FitSolver.solve(plan);
    long rule = Math.multiplyExact(spec.parameters(), plan.weightDtype().bits()) / 8;
    Estimate.Comparisons cmp =
        new Estimate.Comparisons(
            rule,
            4 * rule,
            6 * rule,
            Activations.korthikanti(spec, w.batchSize(), plan.sequenceLength(), w.attention()));
    return new Estimate(inference, training, fit, cmp, notes, ex);
  }

  /** The sequence length used: the workload's, else min(4096, the model's max context). */
  public static long sequenceLength(ModelSpec spec, Workload w) {
    return Plan.of(spec, w).sequenceLength();
  }

  /** The weights dtype used: the workload's, else the checkpoint's. */
  public static DType weightDtype(ModelSpec spec, Workload w) {
    return Plan.of(spec, w).weightDtype();
  }

  /** The KV dtype used: the workload's, else the weights' (bf16 for sub-16-bit weights). */
  public static DType kvDtype(ModelSpec spec, Workload w) {
    return Plan.of(spec, w).kvDtype();
  }

  /** The training precision used: the workload's, else fp32 for fp32 weights, else mixed. */
  public static Precision precision(ModelSpec spec, Workload w) {
    return Plan.of(spec, w).precision();
  }

  /**
   * Weights bytes: at a what-if dtype when one is given; else the checkpoint's stored tensors when
   * weights metadata was read, its quantization scheme, or its dtype.
   */
  public static long weightsBytes(ModelSpec spec, DType whatIf, List<String> notes) {
    return WeightBytes.total(spec, whatIf, notes);
  }

  /** KV cache bytes per token over all layers (no window cap). */
  public static long kvBytesPerToken(ModelSpec spec, DType kv) {
    return KvCache.bytesPerToken(spec, kv, 1);
  }

  /** KV cache bytes per token per GPU under tensor parallelism. */
  public static long kvBytesPerToken(ModelSpec spec, DType kv, int tp) {
    return KvCache.bytesPerToken(spec, kv, tp);
  }

  /** KV cache (and recurrent state) bytes for a batch of sequences. */
  public static long kvCacheBytes(ModelSpec spec, DType kv, long batch, long seq) {
    return KvCache.bytes(spec, kv, batch, seq, 1);
  }

  /** KV cache (and recurrent state) bytes per GPU for a batch of sequences. */
  public static long kvCacheBytes(ModelSpec spec, DType kv, long batch, long seq, int tp) {
    return KvCache.bytes(spec, kv, batch, seq, tp);
  }

  /** The parameters of the largest single weight tensor (ZeRO-3 gathers one at a time). */
  static long largestLayer(ModelSpec spec) {
    return TrainingEstimator.largestLayer(spec);
  }
}
