package io.hfvram.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Accumulates a model's weight groups and cache layers while a mapper reads its config. */
final class SpecBuilder {
  String modelType;
  String architecture;
  long hiddenSize;
  long numLayers;
  long numAttentionHeads;
  long numKeyValueHeads;
  long headDim;
  long intermediateSize;
  long vocabSize;
  long maxContext;
  boolean tiedEmbeddings;
  DType dtype = DType.BF16;
  long numExperts;
  long expertsPerToken;
  Quantization quantization;
  ModelSpec.Dropout dropout;
  final List<WeightGroup> weights = new ArrayList<>();
  final List<CacheGroup> cache = new ArrayList<>();

  /** A builder for the model the context describes (type, architecture, dtype). */
  static SpecBuilder of(FamilyMapper.Context ctx) {
    SpecBuilder b = new SpecBuilder();
    b.modelType = ctx.modelType();
    b.architecture = ctx.architecture();
    b.dtype = ctx.dtype();
    return b;
  }

  /** Sets the summary dimensions the report and the activation formulas read. */
  SpecBuilder dims(
      long hidden,
      long layers,
      long heads,
      long kvHeads,
      long headDim,
      long ffn,
      long vocab,
      long context,
      boolean tied) {
    this.hiddenSize = hidden;
    this.numLayers = layers;
    this.numAttentionHeads = heads;
    this.numKeyValueHeads = kvHeads;
    this.headDim = headDim;
    this.intermediateSize = ffn;
    this.vocabSize = vocab;
    this.maxContext = context;
    this.tiedEmbeddings = tied;
    return this;
  }

  SpecBuilder add(WeightGroup g) {
    if (g.instances() > 0) {
      weights.add(g);
    }
    return this;
  }

  SpecBuilder linear(String module, Role role, long in, long out, long instances, boolean bias) {
    return add(new WeightGroup(module, role, in, out, instances, bias));
  }

  SpecBuilder norm(String module, long width, long instances, boolean bias) {
    return add(WeightGroup.norm(module, width, instances, bias));
  }

  SpecBuilder cache(CacheGroup g) {
    if (g.layers() > 0) {
      cache.add(g);
    }
    return this;
  }

  /** q/k/v/o projections for {@code layers} layers. */
  SpecBuilder attention(
      long layers,
      long hidden,
      long heads,
      long kvHeads,
      long headDim,
      boolean qkvBias,
      boolean oBias,
      boolean fusedQkv) {
    long q = Math.multiplyExact(heads, headDim);
    long kv = Math.multiplyExact(kvHeads, headDim);
    if (fusedQkv) {
      linear("qkv_proj", Role.ATTENTION, hidden, q + 2 * kv, layers, qkvBias);
    } else {
      linear("q_proj", Role.ATTENTION, hidden, q, layers, qkvBias);
      linear("k_proj", Role.ATTENTION, hidden, kv, layers, qkvBias);
      linear("v_proj", Role.ATTENTION, hidden, kv, layers, qkvBias);
    }
    return linear("o_proj", Role.ATTENTION, q, hidden, layers, oBias);
  }

  /** A gated (SwiGLU/GeGLU) MLP: gate, up and down projections. */
  SpecBuilder gatedMlp(
      String prefix, Role role, long layers, long hidden, long ffn, boolean bias, boolean fused) {
    if (fused) {
      linear(prefix + "gate_up_proj", role, hidden, 2 * ffn, layers, bias);
    } else {
      linear(prefix + "gate_proj", role, hidden, ffn, layers, bias);
      linear(prefix + "up_proj", role, hidden, ffn, layers, bias);
    }
    return linear(prefix + "down_proj", role, ffn, hidden, layers, bias);
  }

  /** Token embeddings and, unless tied, the output head. */
  SpecBuilder embeddings(long vocab, long hidden, boolean tied) {
    linear("embed_tokens", Role.EMBEDDING, vocab, hidden, 1, false);
    if (!tied) {
      linear("lm_head", Role.LM_HEAD, hidden, vocab, 1, false);
    }
    return this;
  }

  /** A builder holding everything of an already mapped spec (to extend it). */
  static SpecBuilder from(ModelSpec s) {
    SpecBuilder b = new SpecBuilder();
    b.modelType = s.modelType();
    b.architecture = s.architecture();
    b.hiddenSize = s.hiddenSize();
    b.numLayers = s.numLayers();
    b.numAttentionHeads = s.numAttentionHeads();
    b.numKeyValueHeads = s.numKeyValueHeads();
    b.headDim = s.headDim();
    b.intermediateSize = s.intermediateSize();
    b.vocabSize = s.vocabSize();
    b.maxContext = s.maxContext();
    b.tiedEmbeddings = s.tiedEmbeddings();
    b.dtype = s.weightDtype();
    b.numExperts = s.numExperts();
    b.expertsPerToken = s.expertsPerToken();
    b.quantization = s.quantization();
    b.dropout = s.dropout();
    b.weights.addAll(s.weights());
    b.cache.addAll(s.cache());
    return b;
  }

  /** The config's dropout probabilities; a missing or malformed value is left to the family. */
  static ModelSpec.Dropout dropout(RawConfig c) {
    return new ModelSpec.Dropout(
        probability(c, "hidden_dropout_prob", "resid_pdrop", "hidden_dropout", "dropout_rate"),
        probability(
            c, "attention_probs_dropout_prob", "attention_dropout", "attn_pdrop", "dropout_rate"));
  }

  private static Double probability(RawConfig c, String... keys) {
    try {
      double p = c.real(-1, -1, 1, keys);
      return p < 0 ? null : p;
    } catch (InvalidConfigException e) {
      return null;
    }
  }

  ModelSpec build(RawConfig c) {
    ModelSpec spec =
        new ModelSpec(
            modelType,
            architecture,
            hiddenSize,
            numLayers,
            numAttentionHeads,
            numKeyValueHeads,
            headDim,
            intermediateSize,
            vocabSize,
            maxContext,
            tiedEmbeddings,
            1,
            ParameterSource.CONFIG,
            dtype,
            numExperts,
            expertsPerToken,
            weights,
            cache,
            Map.of(),
            quantization,
            c.assumptions(),
            dropout != null ? dropout : dropout(c));
    return spec.withParameters(spec.derivedParameters(), ParameterSource.CONFIG, Map.of());
  }
}
