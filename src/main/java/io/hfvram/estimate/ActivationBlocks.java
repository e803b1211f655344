package io.hfvram.estimate;

import io.hfvram.spec.CacheGroup;
import io.hfvram.spec.CacheKind;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Role;
import io.hfvram.spec.WeightGroup;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tensors one transformer block saves for the backward pass, per family, as transformers'
 * modeling code builds them (docs/formulas.md, "Training activations"; checked against
 * ../shared/reference/transformers-oracle.md). All figures are bytes per token per layer, split
 * into the residual-width part (replicated under tensor parallelism, split with sequence
 * parallelism) and the inner part (split by tensor parallelism).
 */
final class ActivationBlocks {
  private ActivationBlocks() {}

  /** How a family's blocks are built; each value names what differs from the Llama block. */
  enum Family {
    /** RMSNorm (fp32 upcast), separate q/k/v, RoPE, SDPA without mask, gated MLP. */
    LLAMA,
    /** Llama with Gemma's RMSNorm, which multiplies by (1 + w) in fp32. */
    GEMMA,
    /** Gemma plus post-attention/post-MLP norms, q/k norms, masked sliding layers. */
    GEMMA3,
    /** Llama with a fused qkv_proj kept alive by the V view and a contiguous RoPE copy. */
    PHI3,
    /** One LayerNorm, parallel attention and MLP, partial RoPE, gelu_new, residual dropout. */
    PHI,
    /** Parallel residual, two LayerNorms on one input, fused QKV, partial RoPE, exact GELU. */
    NEOX,
    /** One LayerNorm, fused multi-query QKV, materialised mask, exact GELU. */
    FALCON,
    /** LayerNorm, fused c_attn (no RoPE), gelu_new, dropout 0.1 everywhere. */
    GPT2,
    /** Post-LN encoder, exact GELU, dropout 0.1. */
    BERT,
    /** Encoder-decoder, T5's RMSNorm, gated gelu_new, relative position bias, dropout 0.1. */
    T5
  }

  /**
   * One kind of layer.
   *
   * @param count how many layers of this kind
   * @param replicated residual-width bytes per token (norms, masks of width h)
   * @param inner bytes per token split by tensor parallelism (q, k, v, MLP, per-head stats)
   * @param scoresPerHeadKey eager attention only: bytes per token per head per key position of the
   *     saved score tensors, for every attention module of the layer
   * @param mlp the part of {@code inner} that is the MLP's operands (tensors of the MLP's width)
   */
  record Block(long count, long replicated, long inner, long scoresPerHeadKey, long mlp) {}

  /** Model-level terms per token: embeddings, final norm, the head's input (no loss). */
  record Once(long replicated, long headInput) {}

  private static final Set<String> GEMMA3_TYPES = Set.of("gemma2", "gemma3", "gemma3_text");

  static Family family(ModelSpec spec) {
    String t = spec.modelType().toLowerCase(Locale.ROOT);
    if (GEMMA3_TYPES.contains(t)) {
      return Family.GEMMA3;
    }
    return switch (t) {
      case "gemma" -> Family.GEMMA;
      case "phi3" -> Family.PHI3;
      case "phi" -> Family.PHI;
      case "gpt_neox" -> Family.NEOX;
      case "falcon" -> Family.FALCON;
      case "gpt2" -> Family.GPT2;
      case "bert", "roberta" -> Family.BERT;
      case "t5", "mt5" -> Family.T5;
      default -> Family.LLAMA;
    };
  }

  /** Families whose configs default to dropout 0.1 (GPT-2, BERT, T5); the others to 0. */
  private static double defaultDropout(ModelSpec spec) {
    return switch (family(spec)) {
      case GPT2, BERT, T5 -> 0.1;
      default -> 0;
    };
  }

  /** The residual-branch dropout in force: the config's, else the family's default. */
  static double hiddenDropout(ModelSpec spec) {
    Double p = spec.dropout().hidden();
    return p != null ? p : defaultDropout(spec);
  }

  /** The attention-probability dropout in force: the config's, else the family's default. */
  static double attentionDropout(ModelSpec spec) {
    Double p = spec.dropout().attention();
    return p != null ? p : defaultDropout(spec);
  }

  /** The MLP's width per token: the intermediate size, times the routed experts for MoE. */
  static long ffnWidth(ModelSpec spec) {
    return spec.expertsPerToken() > 0
        ? Math.multiplyExact(spec.intermediateSize(), spec.expertsPerToken())
        : spec.intermediateSize();
  }

  /** Widths of one model, read from the spec. */
  private record Dims(
      long h,
      long q,
      long kv,
      long i,
      long heads,
      long kvHeads,
      long s,
      int e,
      boolean amp,
      boolean softmaxInput,
      long masks,
      boolean attentionDropout,
      boolean compiled) {
    static Dims of(ModelSpec spec, long s, Saving sv) {
      long ffn = ffnWidth(spec);
      return new Dims(
          spec.hiddenSize(),
          spec.numAttentionHeads() * spec.headDim(),
          spec.numKeyValueHeads() * spec.headDim(),
          ffn,
          spec.numAttentionHeads(),
          spec.numKeyValueHeads(),
          s,
          sv.e(),
          sv.amp(),
          sv.softmaxInput(),
          ActivationBlocks.hiddenDropout(spec) > 0 ? 1 : 0,
          ActivationBlocks.attentionDropout(spec) > 0,
          sv.compiled());
    }

    /** Width of K and V as eager attention holds them: repeated to q unless multi-query. */
    long kvEager() {
      return kvHeads > 1 ? q : kv;
    }
  }

  /** The layer kinds of a model at sequence length {@code s} with {@code e}-byte activations. */
  static List<Block> layers(ModelSpec spec, long s, int e, boolean eager) {
    return layers(spec, s, Saving.plain(e), eager);
  }

  /**
   * The layer kinds under the saving rules {@code sv}: AMP is modelled for the BERT family (other
   * families use the 16-bit rules), softmax's kept input for every eager attention.
   */
  static List<Block> layers(ModelSpec spec, long s, Saving sv, boolean eager) {
    Dims d = Dims.of(spec, s, sv);
    Family f = family(spec);
    long n = spec.numLayers();
    return switch (f) {
      case GEMMA3 -> {
        long sliding = Math.min(n, layersOf(spec, CacheKind.SLIDING));
        boolean qk = hasQkNorm(spec);
        yield List.of(
            gemma3(d, eager, qk, false, n - sliding), gemma3(d, eager, qk, true, sliding));
      }
      case T5 -> {
        long decoder = Math.min(n, layersOf(spec, CacheKind.ATTENTION));
        yield List.of(t5(d, eager, false, n - decoder), t5(d, eager, true, decoder));
      }
      default -> List.of(block(f, d, eager, hasQkNorm(spec), n));
    };
  }

  private static Block block(Family f, Dims d, boolean eager, boolean qkNorm, long n) {
    long h = d.h();
    int e = d.e();
    long rep;
    long inner = qkNorm ? Math.addExact(rms(d.q(), d.heads(), e), rms(d.kv(), d.kvHeads(), e)) : 0;
    switch (f) {
      case GEMMA -> rep = 2 * (gemmaNorm(h) + e * h);
      // 1-byte masks of the residual-branch dropouts (d.masks() is 0 without dropout)
      case PHI -> rep = layerNorm(h, e) + e * h + 2 * h * d.masks();
      case NEOX -> rep = e * h + 16 + 2 * e * h + 2 * h * d.masks();
      case FALCON -> rep = layerNorm(h, e) + e * h + h * d.masks();
      case GPT2 -> rep = 2 * (layerNorm(h, e) + e * h) + 2 * h * d.masks();
      // AMP: three 16-bit casts of the fp32 input (query, key, value), the fp32 inputs of both
      // LayerNorms and the intermediate dense's cast of the first one's output
      case BERT -> rep = (d.amp() ? 3 * e * h + 8 * h + e * h : 4 * e * h) + 16 + 2 * h * d.masks();
      // compiled (Inductor's min-cut partitioner): each norm keeps its bf16 input, rstd and
      // weight x normed; the fp32 upcast and the normed tensor before the weight are recomputed
      default ->
          rep =
              d.compiled() && f == Family.LLAMA ? 2 * (2L * e * h + 4) : 2 * (rms(h, 1, e) + e * h);
    }
    long mlp =
        switch (f) {
          case PHI, GPT2 -> 5L * e * d.i();
          case NEOX, FALCON, BERT -> 2 * e * d.i();
          // compiled: gate, up and silu(gate) x up; silu(gate) is recomputed
          default -> (d.compiled() && f == Family.LLAMA ? 3L : 4L) * e * d.i();
        };
    inner = Math.addExact(inner, Math.addExact(attention(f, d, eager), mlp));
    return new Block(n, rep, inner, eager ? scoreBytes(f, d) : 0, mlp);
  }

  /** Saved attention tensors (no s x s scores), by family. */
  private static long attention(Family f, Dims d, boolean eager) {
    int e = d.e();
    long q = d.q();
    long kv = eager ? d.kvEager() : d.kv();
    long stats = eager ? 0 : 4 * d.heads();
    long fused = e * (d.q() + 2 * d.kv());
    return stats
        + switch (f) {
          // q, k after RoPE, the fused storage (holds v), the output and, for SDPA, its
          // contiguous copy (the output follows q's layout); eager's output is a copy anyway
          case PHI3, NEOX -> e * ((eager ? 2 : 3) * q + kv) + fused;
          case PHI -> e * ((eager ? 2 : 3) * q + 2 * kv);
          // multi-query K/V repeated to q width for the materialised mask, plus the bias row
          case FALCON -> eager ? e * (2 * q + kv) + fused : e * (3 * q + d.s()) + fused;
          // q, k, v are views of one storage (GPT-2's c_attn, BERT's three linears' outputs)
          case GPT2, BERT -> e * (q + 2 * d.kv()) + e * q;
          default -> e * (2 * q + 2 * kv);
        };
  }

  /**
   * Bytes per head per key of eager attention's saved scores with {@code e}-byte activations.
   * Softmax in the activation dtype saves its output, dropout a 1-byte mask and the PV matmul the
   * dropped probabilities; under AMP softmax autocasts to fp32 and the matmul saves its 16-bit cast
   * of the dropped fp32 probabilities. Llama-style eager attention takes softmax in fp32 and casts
   * back to the activation dtype (one tensor when that is fp32). Before PyTorch 1.11 softmax also
   * keeps its input: the masked scores (fp32 under AMP, where the fp32 mask promotes them), or for
   * {@code softmax(x, dtype=float32)} the fp32 copy it takes first.
   */
  private static long scoreBytes(Family f, Dims d) {
    int e = d.e();
    boolean amp = d.amp();
    // with attention dropout: a 1-byte mask, and the PV matmul saves the dropped probabilities
    long drop = d.attentionDropout() ? 1 : 0;
    long out =
        switch (f) {
          case GPT2, BERT, T5 -> amp ? 4 + drop + e : e + drop * (1 + e);
          case FALCON -> e + drop * (1 + e);
          default -> e == 4 ? 4 + drop * (1 + e) : 4 + e + drop;
        };
    if (!d.softmaxInput()) {
      return out;
    }
    long in =
        switch (f) {
          case GPT2, BERT, T5 -> amp ? 4 : e;
          case FALCON -> e;
          default -> 4;
        };
    return out + in;
  }

  /** Gemma-2/3 (q/k norms only where the checkpoint has them: Gemma-3). */
  private static Block gemma3(Dims d, boolean eager, boolean qkNorm, boolean sliding, long n) {
    long h = d.h();
    int e = d.e();
    long rep = 2 * (gemmaNorm(h) + e * h) + 2 * gemmaNorm(h);
    long qk =
        qkNorm
            ? Math.addExact(
                gemmaNorm(d.q()) + 4 * (d.heads() - 1), gemmaNorm(d.kv()) + 4 * (d.kvHeads() - 1))
            : 0;
    long kv = sliding || eager ? d.kvEager() : d.kv();
    long attn =
        e * (2 * d.q() + 2 * kv)
            + (eager ? 0 : 4 * d.heads())
            + (sliding && !eager ? e * d.s() : 0);
    return new Block(
        n,
        rep,
        qk + attn + 4L * e * d.i(),
        eager ? scoreBytes(Family.GEMMA3, d) : 0,
        4L * e * d.i());
  }

  private static Block t5(Dims d, boolean eager, boolean decoder, long n) {
    long h = d.h();
    int e = d.e();
    int sub = decoder ? 3 : 2;
    long rep = sub * (4 * h + 4 + 2L * e * h + e * h) + sub * h * d.masks();
    long attn = e * (2 * d.q() + 2 * d.kv()) + (eager ? 0 : 4 * d.heads());
    // SDPA gets the relative bias merged with the causal mask, materialised per decoder layer
    long bias = decoder && !eager ? e * d.heads() * d.s() : 0;
    long ffn = (4L * e + 3 * e + 1) * d.i();
    return new Block(
        n, rep, (decoder ? 2 : 1) * attn + bias + ffn, eager ? scoreBytes(Family.T5, d) : 0, ffn);
  }

  /** Per-token terms outside the blocks, without the loss. */
  static Once once(ModelSpec spec, long s, int e) {
    return once(spec, s, Saving.plain(e));
  }

  /** Per-token terms outside the blocks; under AMP BERT's embedding output stays fp32. */
  static Once once(ModelSpec spec, long s, Saving sv) {
    int e = sv.e();
    boolean amp = sv.amp();
    long h = spec.hiddenSize();
    long mask = hiddenDropout(spec) > 0 ? h : 0;
    return switch (family(spec)) {
      case GEMMA, GEMMA3 -> new Once(gemmaNorm(h), e * h);
      case PHI, NEOX, FALCON -> new Once(layerNorm(h, e), e * h);
      case GPT2 -> new Once(layerNorm(h, e) + mask + 8, e * h);
      // embedding LayerNorm input and dropout mask, the pooler's hold on the last output
      case BERT ->
          amp
              ? new Once(layerNorm(h, 4) + mask + 4 * h + 24, 0)
              : new Once(layerNorm(h, e) + mask + e * h + 24, 0);
      // both stacks: embedding dropout, final norm, its dropout; encoder output for cross-attn;
      // the encoder's relative bias and the cross-attention's zero bias, shared by all layers
      case T5 ->
          new Once(
              2 * (mask + 4 * h + 4 + 2L * e * h + mask)
                  + e * h
                  + 2L * e * spec.numAttentionHeads() * s,
              e * h);
      default -> new Once(rms(h, 1, e), e * h);
    };
  }

  /** Whether the model has a language-model head and loss (a bare {@code *Model} has none). */
  static boolean hasHead(ModelSpec spec) {
    String a = spec.architecture();
    return a.isEmpty() || !a.endsWith("Model") || a.endsWith("LMHeadModel");
  }

  /**
   * Attention modules in the model (self and cross), from the query projections' instances;
   * encoders have no KV cache but attend in every layer.
   */
  static long attentionModules(ModelSpec spec) {
    for (WeightGroup g : spec.weights()) {
      if (g.role() == Role.ATTENTION && g.isMatrix() && isQuery(g.module())) {
        return g.instances();
      }
    }
    return spec.cache().isEmpty() ? spec.numLayers() : spec.attentionLayers();
  }

  private static boolean isQuery(String module) {
    String m = module.substring(module.lastIndexOf('.') + 1);
    return Set.of(
            "q_proj",
            "q",
            "query",
            "c_attn",
            "qkv_proj",
            "query_key_value",
            "Wqkv",
            "q_b_proj",
            "qkv")
        .contains(m);
  }

  private static boolean hasQkNorm(ModelSpec spec) {
    for (WeightGroup g : spec.weights()) {
      if (g.role() == Role.NORM
          && (g.module().endsWith("q_norm") || g.module().endsWith("q_layernorm"))) {
        return true;
      }
    }
    return false;
  }

  private static long layersOf(ModelSpec spec, CacheKind kind) {
    long n = 0;
    for (CacheGroup g : spec.cache()) {
      if (g.kind() == kind) {
        n += g.layers();
      }
    }
    return n;
  }

  /** RMSNorm over {@code rows} vectors of total width w: fp32 input, rsqrt, normalised x. */
  private static long rms(long w, long rows, int e) {
    return 4 * w + 4 * rows + (long) e * w;
  }

  /** Gemma's RMSNorm: fp32 input, rsqrt and the fp32 normalised x times (1 + w). */
  private static long gemmaNorm(long w) {
    return 8 * w + 4;
  }

  /** LayerNorm: its input and fp32 mean and rstd. */
  private static long layerNorm(long w, int e) {
    return (long) e * w + 8;
  }
}
