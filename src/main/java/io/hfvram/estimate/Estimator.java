package io.hfvram.estimate;

import io.hfvram.spec.CacheGroup;
import io.hfvram.spec.CacheKind;
import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Role;
import io.hfvram.spec.StoredDtypes;
import io.hfvram.spec.WeightGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The pure estimator: a {@link ModelSpec} and a {@link Workload} in, an explained {@link
 * Estimate} out. No I/O. Every formula is written down, with its source, in docs/formulas.md.
 */
public final class Estimator {
  /** CUDA context and kernels loaded by PyTorch (not seen by torch.cuda memory counters). */
  public static final long CUDA_CONTEXT_BYTES = 512L << 20;
  /** Allocator reserve (fragmentation) as a fraction of the dynamic allocations. */
  public static final double ALLOCATOR_RESERVE = 0.10;

  private Estimator() {}

  /** Estimates inference and training memory. */
  public static Estimate estimate(ModelSpec spec, Workload w) {
    List<String> notes = new ArrayList<>();
    InferenceEstimate inference = inference(spec, w, notes);
    TrainingEstimate training = training(spec, w, notes);
    return new Estimate(inference, training, notes);
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
    DType dtype = weightDtype(spec, w);
    DType kv = kvDtype(spec, w);
    long b = w.batchSize();
    long s = sequenceLength(spec, w);
    if (s > spec.maxContext()) {
      notes.add("sequence length " + s + " exceeds the model's configured context of "
          + spec.maxContext() + " tokens");
    }
    long weights = weightsBytes(spec, w.dtype(), notes);
    long perToken = kvBytesPerToken(spec, kv);
    long kvCache = kvCacheBytes(spec, kv, b, s);
    long act = Activations.inference(spec, dtype, b, s, w.attention());
    long overhead = overhead(w, Math.addExact(kvCache, act));
    long total = Math.addExact(Math.addExact(weights, kvCache), Math.addExact(act, overhead));
    notes.add("KV cache = 2 (K and V) x layers x KV heads x head_dim x " + kv.bits() / 8.0
        + " B (" + kv + ") per token, times batch x sequence; sliding-window layers hold at "
        + "most their window");
    notes.add("inference activations: prefill peak of one layer with "
        + (w.attention() == AttentionImpl.FLASH ? "fused (flash/SDPA) attention"
            : "eager attention (b x heads x s^2 scores)")
        + ", plus last-token logits in fp32");
    return new InferenceEstimate(dtype, kv, b, s, weights, kvCache, perToken, act, overhead,
        total);
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
    return ceilBits(Math.multiplyExact(spec.cacheElementsPerToken(), kv.bits()));
  }

  /** KV cache (and recurrent state) bytes for a batch of sequences. */
  public static long kvCacheBytes(ModelSpec spec, DType kv, long batch, long seq) {
    long bitsPerSequence = 0;
    for (CacheGroup g : spec.cache()) {
      long elements;
      if (g.kind() == CacheKind.STATE) {
        elements = Math.multiplyExact(g.layers(), g.stateElements());
      } else {
        elements = Math.multiplyExact(Math.multiplyExact(g.layers(), g.elementsPerTokenPerLayer()),
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
    TrainingSetup t = w.training();
    Precision p = precision(spec, w);
    long b = w.batchSize();
    long s = sequenceLength(spec, w);
    long params = spec.parameters();
    long trainable = params;
    long weights = Math.multiplyExact(params, p.weightBytes());
    long grads = Math.multiplyExact(trainable, p.gradientBytes());
    long optimizer = Math.addExact(Math.multiplyExact(trainable, p.masterBytes()),
        optimizerStateBytes(spec, t.optimizer(), p, trainable));
    long act = Activations.training(spec, p.activationBytes(), b, s, w.attention());
    long overhead = overhead(w, act);
    long total = Math.addExact(Math.addExact(weights, grads),
        Math.addExact(Math.addExact(optimizer, act), overhead));
    notes.add("training: " + t.method() + " fine-tune, " + t.optimizer() + ", " + p
        + " precision = " + p.weightBytes() + " B weights + " + p.gradientBytes()
        + " B gradients + " + (p.masterBytes() + stateBytesPerParameter(t.optimizer(), p))
        + " B optimizer" + (p.masterBytes() > 0 ? " (incl. " + p.masterBytes()
            + " B fp32 master weights)" : "") + " per parameter");
    notes.add("training activations: Korthikanti et al. (arXiv:2205.05198) per-layer terms, "
        + "generalised to GQA and gated MLPs, no recomputation, fused attention, logits and "
        + "loss buffers included");
    return new TrainingEstimate(t.method(), t.optimizer(), p, b, s, trainable, weights, grads,
        optimizer, act, overhead, total);
  }

  /** Optimizer state bytes per parameter (rounded for Adafactor, whose state is factored). */
  static long stateBytesPerParameter(Optimizer o, Precision p) {
    if (o == Optimizer.ADAMW_8BIT) {
      return 2;
    }
    return (long) o.statesPerParameter() * p.stateBytes();
  }

  static long optimizerStateBytes(ModelSpec spec, Optimizer o, Precision p, long trainable) {
    if (o != Optimizer.ADAFACTOR) {
      return Math.multiplyExact(trainable, stateBytesPerParameter(o, p));
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

  /** Sum of parameters in groups with the given role. */
  static long parametersOf(ModelSpec spec, Role role) {
    long n = 0;
    for (WeightGroup g : spec.weights()) {
      if (g.role() == role) {
        n = Math.addExact(n, g.parameters());
      }
    }
    return n;
  }
}
