package io.hfvram.estimate;

import io.hfvram.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The sizes of the tensors one training step allocates, for {@link StepTrace}: what each block
 * saves ({@link ActivationBlocks}) cut into tensors of the widths that really occur (b·s·h, b·s·I
 * and b·heads·s² times their element bytes, the 1-byte masks apart), the loss's saved and transient
 * buffers in vocabulary-wide pieces, and a layer's backward temporaries.
 *
 * @param layers the layers of the model, one block kind each
 * @param tokens b·s
 * @param e activation element bytes
 * @param h hidden width
 * @param q attention width (heads·head_dim) per GPU
 * @param i MLP width per GPU
 * @param score one b·heads·s·s tensor of one byte per element, per GPU (0 without eager attention)
 * @param perLayerModules attention modules per layer (cross-attention adds one)
 * @param vocabPiece one b·s·V fp32 tensor per GPU, the unit the loss's buffers are cut into
 * @param lossSaved what the loss saves for backward
 * @param headTransient the head's backward temporaries
 * @param dequant the largest 4-bit weight's dequantisation transient, 0 without QLoRA
 * @param lora bytes per token of LoRA's rank-r intermediates per layer
 * @param once bytes outside the blocks: embeddings, final norm, the head's input
 */
record StepShapes(
    List<ActivationBlocks.Block> layers,
    long tokens,
    int e,
    long h,
    long q,
    long i,
    long score,
    long perLayerModules,
    long vocabPiece,
    long lossSaved,
    long headTransient,
    long dequant,
    long lora,
    long once) {

  /** The shapes of one plan with the loss terms {@link TrainingPeak} worked out. */
  static StepShapes of(Plan p, long lossSaved, long headTransient, long dequant, long lora) {
    ModelSpec spec = p.spec();
    TrainingSetup t = p.training();
    int tp = t.tensorParallel();
    int e = p.precision().activationBytes();
    long b = p.batchSize();
    long s = p.sequenceLength();
    boolean eager = p.attention() == AttentionImpl.EAGER;
    List<ActivationBlocks.Block> kinds = ActivationBlocks.layers(spec, s, Saving.of(p), eager);
    List<ActivationBlocks.Block> layers = new ArrayList<>();
    for (ActivationBlocks.Block k : kinds) {
      for (long n = 0; n < k.count(); n++) {
        layers.add(k);
      }
    }
    long tokens = Math.multiplyExact(b, s);
    long heads = Math.max(1, spec.numAttentionHeads() / tp);
    long score = eager ? Math.multiplyExact(Math.multiplyExact(b, heads), s * s) : 0;
    long modules = ActivationBlocks.attentionModules(spec);
    long perLayer = layers.isEmpty() ? 0 : Math.max(1, modules / layers.size());
    long q = spec.numAttentionHeads() * spec.headDim() / tp;
    long i = ActivationBlocks.ffnWidth(spec) / tp;
    long vocab = Math.multiplyExact(tokens, spec.vocabSize() / tp) * 4;
    ActivationBlocks.Once o = ActivationBlocks.once(spec, s, Saving.of(p));
    long once = Math.multiplyExact(tokens, o.replicated() + o.headInput());
    return new StepShapes(
        List.copyOf(layers),
        tokens,
        e,
        spec.hiddenSize(),
        q,
        i,
        score,
        perLayer,
        vocab,
        lossSaved,
        headTransient,
        dequant,
        lora,
        once);
  }

  /** One layer's input (b·s·h), which checkpointing keeps and the backward's gradient flows as. */
  long layerInput() {
    return Math.multiplyExact(tokens, h * e);
  }

  /** Eager attention's raw scores in the activation dtype, 0 for fused attention. */
  long scoreTransient() {
    return Math.multiplyExact(score, e);
  }

  /** The tensors layer {@code l} saves for backward, in the order the forward makes them. */
  List<Long> saved(int l) {
    List<Long> out = new ArrayList<>(savedAttention(l));
    out.addAll(savedScores(l));
    out.addAll(savedRest(l));
    return out;
  }

  /** Attention's saved projections and output (q, k, v, their copies, the output's input). */
  List<Long> savedAttention(int l) {
    ActivationBlocks.Block k = layers.get(l);
    List<Long> out = new ArrayList<>();
    cut(out, Math.multiplyExact(tokens, k.inner() - k.mlp()), Math.multiplyExact(tokens, q * e));
    return out;
  }

  /** Eager attention's saved probabilities, masks and dropped probabilities. */
  List<Long> savedScores(int l) {
    ActivationBlocks.Block k = layers.get(l);
    List<Long> out = new ArrayList<>();
    if (score > 0) {
      for (long m = 0; m < perLayerModules; m++) {
        for (long part : parts(k.scoresPerHeadKey(), e)) {
          out.add(Math.multiplyExact(score, part));
        }
      }
    }
    return out;
  }

  /** The MLP's operands, the residual-width tensors (norm inputs, masks) and LoRA's. */
  List<Long> savedRest(int l) {
    ActivationBlocks.Block k = layers.get(l);
    List<Long> out = new ArrayList<>();
    cut(out, Math.multiplyExact(tokens, k.mlp()), Math.multiplyExact(tokens, i * e));
    cut(out, Math.multiplyExact(tokens, k.replicated()), layerInput());
    cut(out, Math.multiplyExact(tokens, lora), Math.multiplyExact(tokens, lora));
    return out;
  }

  /** Eager attention's short-lived projections (the originals of the reshaped q, k and v). */
  List<Long> attentionTransients() {
    if (score == 0) {
      return List.of();
    }
    long one = Math.multiplyExact(tokens, q * e);
    return List.of(one, one, one);
  }

  /** The loss's saved buffers in vocabulary-wide pieces. */
  List<Long> lossTensors() {
    List<Long> out = new ArrayList<>();
    cut(out, lossSaved, vocabPiece);
    return out;
  }

  /** The head's backward temporaries in vocabulary-wide pieces. */
  List<Long> headTensors() {
    List<Long> out = new ArrayList<>();
    cut(out, headTransient, vocabPiece);
    return out;
  }

  /**
   * A layer's backward temporaries: three gradients of the MLP's width, the gradients of eager
   * attention's probabilities and scores, and the 4-bit weight's dequantisation.
   */
  List<Long> backwardTemps() {
    List<Long> out = new ArrayList<>();
    long mlp = Math.multiplyExact(tokens, i * e);
    for (int n = 0; n < 3; n++) {
      out.add(mlp);
    }
    if (score > 0) {
      out.add(scoreTransient());
      out.add(scoreTransient());
    }
    out.add(dequant);
    return out;
  }

  /**
   * Byte widths of a score tensor set: probabilities, mask and dropped probabilities (2e + 1), else
   * fp32, 16-bit and 1-byte tensors.
   */
  private static List<Long> parts(long bytes, int e) {
    List<Long> out = new ArrayList<>();
    if (bytes == 2L * e + 1) {
      return List.of((long) e, (long) e, 1L);
    }
    long rest = bytes;
    for (long unit : new long[] {4, 2, 1}) {
      while (rest >= unit) {
        out.add(unit);
        rest -= unit;
      }
    }
    return out;
  }

  /** Cuts {@code total} bytes into tensors of {@code unit} bytes and one remainder. */
  private static void cut(List<Long> out, long total, long unit) {
    if (total <= 0) {
      return;
    }
    if (unit <= 0) {
      out.add(total);
      return;
    }
    long rest = total;
    while (rest >= unit) {
      out.add(unit);
      rest -= unit;
    }
    if (rest > 0) {
      out.add(rest);
    }
  }
}
