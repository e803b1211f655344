package io.hfvram.report;

import io.hfvram.estimate.Method;
import io.hfvram.estimate.TrainingEstimate;
import io.hfvram.spec.CacheGroup;
import io.hfvram.spec.CacheKind;
import io.hfvram.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Labels that say what a figure is: per GPU or whole model, what the weights are stored in, and
 * which attention cache a model keeps (MLA latents are not GQA heads).
 */
final class Labels {
  private Labels() {}

  /**
   * The training heading's suffix when the figures are per GPU: tensor parallel (the training half
   * shares the workload's --tp) and data-parallel GPUs; empty on one GPU.
   */
  static String trainingPerGpu(TrainingEstimate t, int tp) {
    List<String> how = new ArrayList<>();
    if (tp > 1) {
      how.add("tensor parallel " + tp);
    }
    if (t.gpus() > 1) {
      how.add(t.gpus() + " data-parallel GPUs");
    }
    return how.isEmpty() ? "" : " · per GPU (" + String.join(", ", how) + ")";
  }

  /** What the training weights hold per parameter: the precision, or the frozen base's storage. */
  static String trainingWeights(TrainingEstimate t, long parameters, int tp) {
    int adapters = t.precision().weightBytes();
    if (t.method() == Method.FULL) {
      return adapters + " B/param";
    }
    String effective =
        t.zeroStage() < 3 && parameters > 0
            ? String.format(
                Locale.ROOT, ", %.2f B/param overall", t.weightsBytes() * (double) tp / parameters)
            : "";
    if (t.method() == Method.QLORA) {
      return "4-bit NF4 base + 16-bit non-quantized layers + adapters at "
          + adapters
          + " B"
          + effective;
    }
    return "16-bit base + adapters at " + adapters + " B" + effective;
  }

  /** Gradient bytes per trainable parameter (LoRA's adapters only). */
  static String trainingGradients(TrainingEstimate t) {
    return t.precision().gradientBytes()
        + (t.method() == Method.FULL ? " B/param" : " B/trainable param");
  }

  /** Under ZeRO the per-GPU figure is sharded over data-parallel GPUs, the rule of thumb not. */
  static String zeroCaveat(TrainingEstimate t) {
    return t.gpus() > 1 && t.zeroStage() > 0
        ? "; ZeRO-" + t.zeroStage() + " shards it over " + t.gpus() + " GPUs, the rule does not"
        : "";
  }

  /** Whether the model keeps MLA latents (one compressed vector per token per layer). */
  static boolean mla(ModelSpec s) {
    return s.cache().stream().anyMatch(g -> g.kind() == CacheKind.MLA);
  }

  /**
   * The attention part of the spec line: "KV 8, head_dim 128", or for MLA "MLA latent 576 =
   * kv_lora_rank + qk_rope_head_dim".
   */
  static String attention(ModelSpec s) {
    for (CacheGroup g : s.cache()) {
      if (g.kind() == CacheKind.MLA) {
        return "MLA latent "
            + g.keyDim()
            + " = kv_lora_rank + qk_rope_head_dim, head_dim "
            + s.headDim();
      }
    }
    return "KV " + s.numKeyValueHeads() + ", head_dim " + s.headDim();
  }

  /** The Markdown and HTML spec line's attention part: "8 KV, head_dim 128", or for MLA. */
  static String markdownAttention(ModelSpec s) {
    return mla(s) ? attention(s) : s.numKeyValueHeads() + " KV, head_dim " + s.headDim();
  }
}
