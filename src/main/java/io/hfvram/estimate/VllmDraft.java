package io.hfvram.estimate;

import io.hfvram.spec.CacheGroup;
import io.hfvram.spec.CacheKind;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Role;
import io.hfvram.spec.WeightGroup;
import java.util.ArrayList;

/**
 * What vLLM's MTP speculative decoding adds, per GPU (docs/formulas.md, "vLLM speculative
 * decoding"): the draft's weights (the checkpoint's MTP layers, less their embedding, which the
 * proposer shares with the target), one attention layer's KV cache per MTP layer in the same pool
 * and of the same kind as the main model's full-attention layers, and the target's hidden states
 * that stay live while the profiled draft forward runs. With a separate draft model (method
 * "draft_model"): the draft's whole weights at the target's tensor parallelism, every draft
 * attention layer's KV cache in the same pool, and the part of the draft's profiled forward wider
 * than the target's.
 */
final class VllmDraft {
  private VllmDraft() {}

  /**
   * The draft for the plan, or null when speculative decoding is off.
   *
   * @param batchedTokens tokens of the profiled forward (max_num_batched_tokens)
   */
  static EngineFigures.Draft of(Plan p, long batchedTokens) {
    VllmSpeculation sp = p.serving().engines().speculation();
    if (!sp.enabled()) {
      return null;
    }
    if (sp.draft() != null) {
      return ofModel(p, sp, batchedTokens);
    }
    ModelSpec stored = p.stored();
    if (stored.mtpParameters() == 0) {
      throw new WorkloadException(
          "--speculative-method mtp needs the checkpoint's multi-token-prediction layers and"
              + " hf-vram counts none for this model (a separate draft model is not modelled)");
    }
    long layers = layers(stored);
    int k = sp.tokens() > 0 ? sp.tokens() : (int) Math.min(Integer.MAX_VALUE, layers);
    int e = Activations.inferenceElementBytes(p.weightDtype());
    long activation =
        Math.multiplyExact(Math.multiplyExact(batchedTokens, p.spec().hiddenSize()), e);
    return new EngineFigures.Draft(
        sp.method(), k, layers, weights(p), kvBytesPerToken(p, layers), activation);
  }

  /**
   * A separate draft model: vLLM loads it with the target's dtype and, by default, the target's
   * tensor parallelism (speculative.py, _verify_and_get_draft_tp), so its weights and rotary cache
   * are on every GPU of the group; its attention layers get KV blocks in the same pool and the same
   * KV dtype; its dummy forward runs after the target's, so only what is wider adds to the peak.
   */
  private static EngineFigures.Draft ofModel(Plan p, VllmSpeculation sp, long batchedTokens) {
    ModelSpec d = sp.draft().withoutMtp();
    if (d.vocabSize() != p.spec().vocabSize()) {
      throw new WorkloadException(
          "vLLM needs the draft model's vocabulary to be the target's: "
              + d.vocabSize()
              + " vs "
              + p.spec().vocabSize());
    }
    int tp = p.serving().tensorParallel();
    int e = Activations.inferenceElementBytes(p.weightDtype());
    long weights =
        Math.addExact(
            WeightBytes.perGpu(
                d, WeightBytes.total(d, p.workload().dtype(), new ArrayList<>()), tp),
            VllmEstimator.ropeCache(d, e));
    long kv = KvCache.bytesPerToken(d, p.kvDtype(), tp);
    long wider =
        Math.max(
            0,
            VllmProfile.forward(d, e, batchedTokens, tp)
                - VllmProfile.forward(p.spec(), e, batchedTokens, tp));
    return new EngineFigures.Draft(sp.method(), sp.tokens(), d.numLayers(), weights, kv, wider);
  }

  /** MTP layers: the copies of the MTP attention's output projection (at least one). */
  static long layers(ModelSpec stored) {
    for (WeightGroup g : stored.weights()) {
      if (g.module().startsWith(ModelSpec.MTP_PREFIX) && g.module().endsWith("o_proj")) {
        return Math.max(1, g.instances());
      }
    }
    return 1;
  }

  /**
   * The draft's weights per GPU: the stored model's less the loaded model's (the same dtype rules),
   * less the MTP embedding, which vLLM's proposer replaces by the target's when the draft declares
   * none of its own (the MTP models do not).
   */
  static long weights(Plan p) {
    int tp = p.serving().tensorParallel();
    ArrayList<String> ignored = new ArrayList<>();
    long full =
        WeightBytes.perGpu(
            p.stored(), WeightBytes.total(p.stored(), p.workload().dtype(), ignored), tp);
    long main =
        WeightBytes.perGpu(
            p.spec(), WeightBytes.total(p.spec(), p.workload().dtype(), ignored), tp);
    int e = p.weightDtype().isFloat16OrWider() ? p.weightDtype().bits() / 8 : 2;
    long embedding = 0;
    for (WeightGroup g : p.stored().weights()) {
      if (g.module().startsWith(ModelSpec.MTP_PREFIX) && g.role() == Role.EMBEDDING) {
        embedding = Math.addExact(embedding, Math.multiplyExact(g.parameters(), e));
      }
    }
    return Math.max(0, full - main - (embedding + tp - 1) / tp);
  }

  /**
   * KV bytes per token per GPU of the draft's attention: per MTP layer, one layer of each of the
   * main model's full-attention and MLA cache groups (DeepSeek: the MLA latent, and on V3.2 the
   * indexer's key too; Qwen3-Next: one gated full-attention layer).
   */
  static long kvBytesPerToken(Plan p, long layers) {
    int tp = p.serving().tensorParallel();
    long elements = 0;
    for (CacheGroup g : p.spec().cache()) {
      if (g.kind() == CacheKind.MLA || g.kind() == CacheKind.ATTENTION) {
        elements = Math.addExact(elements, KvCache.perGpuElements(g, tp));
      }
    }
    long bits = Math.multiplyExact(Math.multiplyExact(layers, elements), p.kvDtype().bits());
    return (bits + 7) / 8;
  }
}
