package io.hfvram.estimate;

import io.hfvram.core.Numbers;
import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import java.util.Locale;

/**
 * Activation memory. Training counts the tensors each block saves for the backward pass as
 * transformers' modeling code builds them, per family ({@link ActivationBlocks}), with Korthikanti
 * et al. 2022 (arXiv:2205.05198) for tensor/sequence parallelism and recomputation; checked against
 * transformers' own code run on the meta device (../shared/reference/transformers-oracle.md). See
 * docs/formulas.md.
 */
final class Activations {
  private Activations() {}

  /** Bytes per activation element at inference: fp32 for fp32 weights, else 16-bit. */
  static int inferenceElementBytes(DType weights) {
    return weights == DType.FP32 ? 4 : 2;
  }

  /**
   * Prefill peak of a forward pass per GPU: the widest layer's live tensors (residual and normed
   * input, replicated; the MLP's three live intermediates or attention's Q, K, V, split across
   * {@code tp}), the last token's logits in fp32 (vocab-parallel) and, for eager attention, the b x
   * heads x s x s scores and their fp32 softmax (heads split).
   */
  static long inference(ModelSpec spec, DType weights, long b, long s, AttentionImpl attn, int tp) {
    int e = inferenceElementBytes(weights);
    long perToken = Math.addExact(2 * spec.hiddenSize(), widestInner(spec, tp));
    long tokens = Math.multiplyExact(b, s);
    long layer = Math.multiplyExact(Math.multiplyExact(tokens, perToken), e);
    long logits = logitBytes(spec, e, b, tp);
    long scores = 0;
    if (attn == AttentionImpl.EAGER) {
      scores =
          Math.multiplyExact(
              Math.multiplyExact(
                  Math.multiplyExact(b, Math.max(1, spec.numAttentionHeads() / tp)),
                  Math.multiplyExact(s, s)),
              2L * e + 4);
    }
    return Math.addExact(Math.addExact(layer, logits), scores);
  }

  /** The logits of {@code positions} positions per GPU: in the {@code e}-byte dtype and fp32. */
  static long logitBytes(ModelSpec spec, int e, long positions, int tp) {
    return Math.multiplyExact(Math.multiplyExact(positions, spec.vocabSize() / tp), e + 4);
  }

  /**
   * The widest layer's inner tensors per token per GPU, in elements: the gated MLP's gate/up output
   * and activation (3f) or attention's Q, K, V and output (2q + 2kv), split by {@code tp}.
   */
  static long widestInner(ModelSpec spec, int tp) {
    long f = spec.intermediateSize();
    long q = Math.multiplyExact(spec.numAttentionHeads(), spec.headDim());
    long kv = Math.multiplyExact(spec.numKeyValueHeads(), spec.headDim());
    return Math.max(3 * f, Math.addExact(2 * q, 2 * kv)) / tp;
  }

  /**
   * One decode step per GPU: a token per sequence through the widest layer, its logits in fp32 and,
   * for eager attention, its b x heads x s scores against the whole cache (with their fp32
   * softmax).
   */
  static long decode(ModelSpec spec, DType weights, long b, long s, AttentionImpl attn, int tp) {
    long step = inference(spec, weights, b, 1, AttentionImpl.FLASH, tp);
    if (attn != AttentionImpl.EAGER) {
      return step;
    }
    int e = inferenceElementBytes(weights);
    long scores =
        Math.multiplyExact(
            Math.multiplyExact(b, Math.max(1, spec.numAttentionHeads() / tp)),
            Math.multiplyExact(s, 2L * e + 4));
    return Math.addExact(step, scores);
  }

  /**
   * Activations saved for the backward pass per GPU: the blocks' saved tensors (per family, see
   * {@link ActivationBlocks}) plus the loss's saved fp32 log-softmax ({@link #lossSaved}).
   */
  static long training(
      ModelSpec spec, Saving sv, long b, long s, AttentionImpl attn, TrainingSetup t) {
    return Math.addExact(body(spec, sv, b, s, attn, t), lossSaved(spec, b, s, t.tensorParallel()));
  }

  /**
   * Saved activations without the loss: each layer's tensors as transformers builds them (norm
   * inputs, RMSNorm's fp32 upcast, q/k norms, RoPE outputs, attention output and logsumexp, or for
   * eager attention the b x heads x s x s scores of every attention module, encoders and
   * cross-attention included; MLP operands, 1-byte dropout masks), with tensor parallelism t
   * splitting the inner tensors and, with sequence parallelism, the residual-width ones too
   * (Korthikanti et al. 2022, eq. 2 and 4). Full checkpointing keeps each layer's input and
   * recomputes one layer at a time; selective recomputation drops the eager scores. Plus the
   * embeddings, final norm and the head's input, and LoRA's rank-r intermediates.
   */
  static long body(ModelSpec spec, Saving sv, long b, long s, AttentionImpl attn, TrainingSetup t) {
    int tp = t.tensorParallel();
    int e = sv.e();
    long rep = t.sequenceParallel() && tp > 1 ? tp : 1;
    boolean eager = attn == AttentionImpl.EAGER;
    long tokens = Math.multiplyExact(b, s);
    long lora = Lora.activationBytes(spec, t, e);
    long layerCount = 0;
    long allLayers = 0;
    long widest = 0;
    long scoreBytes = 0;
    for (ActivationBlocks.Block k : ActivationBlocks.layers(spec, s, sv, eager)) {
      long perToken = k.replicated() / rep + k.inner() / tp + lora;
      layerCount = Math.addExact(layerCount, k.count());
      allLayers = Math.addExact(allLayers, Math.multiplyExact(perToken, k.count()));
      widest = k.count() > 0 ? Math.max(widest, perToken) : widest;
      scoreBytes = Math.max(scoreBytes, k.scoresPerHeadKey());
    }
    long modules = ActivationBlocks.attentionModules(spec);
    long scorePerModule =
        Math.multiplyExact(
            Math.multiplyExact(tokens, Math.max(1, spec.numAttentionHeads() / tp)),
            Math.multiplyExact(s, scoreBytes));
    long layers;
    long scores;
    if (t.checkpointing() == Checkpointing.FULL) {
      long inputs =
          Math.multiplyExact(
              Math.multiplyExact(tokens, spec.hiddenSize() / rep),
              Math.multiplyExact(e, layerCount));
      layers = Math.addExact(inputs, Math.multiplyExact(widest, tokens));
      long perLayer = layerCount == 0 ? 0 : (modules + layerCount - 1) / layerCount;
      scores = Math.multiplyExact(scorePerModule, perLayer);
    } else {
      layers = Math.multiplyExact(allLayers, tokens);
      scores =
          t.checkpointing() == Checkpointing.NONE ? Math.multiplyExact(scorePerModule, modules) : 0;
    }
    ActivationBlocks.Once once = ActivationBlocks.once(spec, s, sv);
    long model = Math.multiplyExact(tokens, (once.replicated() + once.headInput()) / rep);
    return Math.addExact(Math.addExact(layers, scores), model);
  }

  /**
   * What the loss saves for backward (HF's {@code ForCausalLMLoss}): the fp32 log-softmax of the
   * logits, 4 B x vocab per token (vocabulary-parallel), plus the int64 input ids and labels (16 B
   * per token). The bf16 logits and the fp32 upcast are transients, not saved. Bare encoders
   * ({@code BertModel}) have no head and no loss.
   */
  static long lossSaved(ModelSpec spec, long b, long s, int tp) {
    if (!ActivationBlocks.hasHead(spec)) {
      return 0;
    }
    long perToken = Math.addExact(Math.multiplyExact(4, spec.vocabSize() / tp), 16);
    return Math.multiplyExact(Math.multiplyExact(b, s), perToken);
  }

  /** The block family's name as the notes print it ("llama", "gpt2", ...). */
  static String familyName(ModelSpec spec) {
    return ActivationBlocks.family(spec).name().toLowerCase(Locale.ROOT);
  }

  /** The assumptions line for training activations. */
  static String note(Plan p) {
    TrainingSetup t = p.training();
    int tp = t.tensorParallel();
    return "training activations: the tensors each "
        + familyName(p.spec())
        + " block saves for backward (norms with their fp32 upcast, attention, MLP operands,"
        + " dropout masks), "
        + (t.checkpointing() == Checkpointing.NONE ? "no" : t.checkpointing().id())
        + " recomputation, "
        + p.attention()
        + " attention"
        + (tp > 1
            ? ", tensor parallel " + tp + (t.sequenceParallel() ? " with sequence parallel" : "")
            : "")
        + "; the loss's saved fp32 log-softmax included";
  }

  /** The explanation of {@code training.activationBytes}, without its result. */
  static String describe(
      ModelSpec spec, Saving sv, long b, long s, AttentionImpl attn, TrainingSetup t) {
    StringBuilder sb =
        new StringBuilder("saved tensors per token per layer (")
            .append(familyName(spec))
            .append(" block, ")
            .append(sv.e())
            .append("-byte activations")
            .append(sv.amp() ? ", AMP casts" : "")
            .append(sv.softmaxInput() ? ", softmax keeps its input" : "")
            .append("):");
    boolean eager = attn == AttentionImpl.EAGER;
    for (ActivationBlocks.Block k : ActivationBlocks.layers(spec, s, sv, eager)) {
      sb.append(' ')
          .append(k.count())
          .append(" x ")
          .append(Numbers.grouped(k.replicated() + k.inner()))
          .append(" B");
    }
    sb.append(", x b ")
        .append(b)
        .append(" x s ")
        .append(s)
        .append(" (checkpointing: ")
        .append(t.checkpointing())
        .append(")");
    if (eager) {
      sb.append("; eager scores of ")
          .append(ActivationBlocks.attentionModules(spec))
          .append(" attention modules");
    }
    return sb.append("; + embeddings, final norm, head input; loss 4 B x V ")
        .append(spec.vocabSize())
        .toString();
  }

  /**
   * Korthikanti et al.'s eq. 1 as published, for comparison: s·b·h·L·(34 + 5·a·s/h) with eager
   * attention, s·b·h·L·34 with fused attention (no s x s terms stored), as the Ultra-Scale Playbook
   * computes it.
   */
  static long korthikanti(ModelSpec spec, long b, long s, AttentionImpl attn) {
    long sbh = Math.multiplyExact(Math.multiplyExact(s, b), spec.hiddenSize());
    long base = Math.multiplyExact(Math.multiplyExact(sbh, 34), spec.numLayers());
    if (attn == AttentionImpl.EAGER) {
      long extra =
          Math.multiplyExact(
              Math.multiplyExact(
                  Math.multiplyExact(5, spec.numAttentionHeads()), Math.multiplyExact(s, s)),
              Math.multiplyExact(b, spec.numLayers()));
      return Math.addExact(base, extra);
    }
    return base;
  }
}
