package io.hfvram.spec;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The architecture facts the estimator needs, mapped from a config.json (or a catalog entry or a
 * GGUF header). Scalars describe the main (text) stack; {@link #weights()} lists every weight
 * tensor group (the vision tower too) and {@link #cache()} every layer's generation state.
 *
 * @param modelType config.json {@code model_type}
 * @param architecture the first of {@code architectures}, or the model type
 * @param hiddenSize width of the residual stream
 * @param numLayers decoder layers (for encoder-decoder models, both stacks)
 * @param numAttentionHeads query heads
 * @param numKeyValueHeads key/value heads (GQA/MQA), equal to heads for MHA
 * @param headDim per-head width, explicit where the config gives it
 * @param intermediateSize dense MLP width (for MoE, one expert's width)
 * @param vocabSize vocabulary size
 * @param maxContext longest context the model was configured for
 * @param tiedEmbeddings whether lm_head shares the embedding matrix
 * @param parameters total parameter count
 * @param parameterSource where {@code parameters} came from
 * @param weightDtype the checkpoint's dtype
 * @param numExperts routed experts per MoE layer (0 for dense models)
 * @param expertsPerToken routed experts used per token (0 for dense models)
 * @param weights every weight tensor group
 * @param cache every layer's cache or state
 * @param storedParameters parameters per stored dtype from weights metadata ("BF16", "U8"...),
 *     empty when unknown
 * @param quantization the checkpoint's quantization scheme, or null
 * @param assumptions defaults and fallbacks the mapper used, one sentence each
 */
public record ModelSpec(
    String modelType,
    String architecture,
    long hiddenSize,
    long numLayers,
    long numAttentionHeads,
    long numKeyValueHeads,
    long headDim,
    long intermediateSize,
    long vocabSize,
    long maxContext,
    boolean tiedEmbeddings,
    long parameters,
    ParameterSource parameterSource,
    DType weightDtype,
    long numExperts,
    long expertsPerToken,
    List<WeightGroup> weights,
    List<CacheGroup> cache,
    Map<String, Long> storedParameters,
    Quantization quantization,
    List<String> assumptions,
    Dropout dropout) {

  /**
   * The config's dropout probabilities, each null when the config does not say (the family's
   * default then applies: 0.1 for GPT-2, BERT and T5 blocks, 0 for the others).
   *
   * @param hidden dropout on the residual branches and embeddings (hidden_dropout_prob,
   *     resid_pdrop, hidden_dropout, dropout_rate)
   * @param attention dropout on the attention probabilities (attention_dropout,
   *     attention_probs_dropout_prob, attn_pdrop, dropout_rate)
   */
  public record Dropout(Double hidden, Double attention) {
    /** A config that names no dropout. */
    public static final Dropout UNKNOWN = new Dropout(null, null);
  }

  public ModelSpec {
    Objects.requireNonNull(modelType, "modelType");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(parameterSource, "parameterSource");
    Objects.requireNonNull(weightDtype, "weightDtype");
    weights = List.copyOf(weights);
    cache = List.copyOf(cache);
    storedParameters = Map.copyOf(storedParameters);
    assumptions = List.copyOf(assumptions);
    if (dropout == null) {
      dropout = Dropout.UNKNOWN;
    }
    if (hiddenSize < 1 || numLayers < 1 || vocabSize < 1 || maxContext < 1 || parameters < 1) {
      throw new IllegalArgumentException("model spec needs positive sizes");
    }
  }

  /**
   * Module-name prefix of the weight groups of multi-token-prediction (MTP) layers: stored in the
   * checkpoint and counted in {@link #parameters()}, loaded for serving only with speculative
   * decoding (see {@link #withoutMtp()}).
   */
  public static final String MTP_PREFIX = "mtp.";

  /** Parameters of the multi-token-prediction layers (0 when the model has none). */
  public long mtpParameters() {
    long sum = 0;
    for (WeightGroup g : weights) {
      if (g.module().startsWith(MTP_PREFIX)) {
        sum = Math.addExact(sum, g.parameters());
      }
    }
    return sum;
  }

  /**
   * This spec without its multi-token-prediction layers: what transformers and vLLM load when
   * speculative decoding is off. The same spec when it has none.
   */
  public ModelSpec withoutMtp() {
    long mtp = mtpParameters();
    if (mtp == 0) {
      return this;
    }
    List<WeightGroup> kept = new java.util.ArrayList<>();
    for (WeightGroup g : weights) {
      if (!g.module().startsWith(MTP_PREFIX)) {
        kept.add(g);
      }
    }
    long total = Math.max(1, parameters - mtp);
    return edited(
        total,
        parameterSource,
        weightDtype,
        kept,
        cache,
        scaled(storedParameters, total, parameters),
        quantization,
        assumptions);
  }

  /**
   * Stored counts per dtype for a part of the model: each dtype's count scaled by {@code part /
   * whole}. The headers do not say which dtype the MTP tensors used, so the split is kept.
   */
  private static Map<String, Long> scaled(Map<String, Long> byDtype, long part, long whole) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    byDtype.forEach(
        (k, v) -> out.put(k, (long) Math.floor(v * ((double) part / Math.max(1, whole)))));
    return out;
  }

  /** The parameter count implied by the weight groups (the architecture's formula). */
  public long derivedParameters() {
    long sum = 0;
    for (WeightGroup g : weights) {
      sum = Math.addExact(sum, g.parameters());
    }
    return sum;
  }

  /**
   * Parameters used per token: all but the routed experts a token does not visit. Equal to {@link
   * #parameters()} for dense models.
   */
  public long activeParameters() {
    if (numExperts <= 0 || expertsPerToken <= 0) {
      return parameters;
    }
    long expert = 0;
    for (WeightGroup g : weights) {
      if (g.role() == Role.EXPERT) {
        expert = Math.addExact(expert, g.parameters());
      }
    }
    long inactive = expert - expert / numExperts * Math.min(expertsPerToken, numExperts);
    // Scale to the reported total when it came from metadata and differs slightly.
    long derived = derivedParameters();
    if (derived != parameters && derived > 0) {
      inactive = (long) ((double) inactive * parameters / derived);
    }
    return parameters - inactive;
  }

  /** Cache elements per token summed over all layers (no window cap; state layers excluded). */
  public long cacheElementsPerToken() {
    long sum = 0;
    for (CacheGroup g : cache) {
      sum = Math.addExact(sum, Math.multiplyExact(g.layers(), g.elementsPerTokenPerLayer()));
    }
    return sum;
  }

  /** Layers that keep a KV cache (attention of any kind). */
  public long attentionLayers() {
    long n = 0;
    for (CacheGroup g : cache) {
      if (g.kind() != CacheKind.STATE) {
        n += g.layers();
      }
    }
    return n;
  }

  /** This spec with another parameter count and source. */
  public ModelSpec withParameters(long count, ParameterSource source, Map<String, Long> stored) {
    return edited(count, source, weightDtype, weights, cache, stored, quantization, assumptions);
  }

  /**
   * This spec with a checkpoint quantization: the reported dtype becomes the quantized one and the
   * parameter count stays the architecture's logical count.
   */
  public ModelSpec withQuantization(Quantization q, DType unquantized) {
    return edited(
        parameters,
        parameterSource,
        q.reportedDtype(),
        weights,
        cache,
        storedParameters,
        q,
        assumptions);
  }

  /** This spec with another cache layout. */
  public ModelSpec withCache(List<CacheGroup> groups) {
    return edited(
        parameters,
        parameterSource,
        weightDtype,
        weights,
        groups,
        storedParameters,
        quantization,
        assumptions);
  }

  /** This spec with another reported weights dtype. */
  public ModelSpec withDtype(DType dtype) {
    return edited(
        parameters,
        parameterSource,
        dtype,
        weights,
        cache,
        storedParameters,
        quantization,
        assumptions);
  }

  /** This spec with more assumptions appended. */
  public ModelSpec withAssumptions(List<String> more) {
    List<String> all = new java.util.ArrayList<>(assumptions);
    all.addAll(more);
    return edited(
        parameters,
        parameterSource,
        weightDtype,
        weights,
        cache,
        storedParameters,
        quantization,
        all);
  }

  /** A copy that keeps the architecture's dimensions and changes what a wither changes. */
  private ModelSpec edited(
      long parameters,
      ParameterSource source,
      DType dtype,
      List<WeightGroup> weights,
      List<CacheGroup> cache,
      Map<String, Long> stored,
      Quantization q,
      List<String> assumptions) {
    return new ModelSpec(
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
        parameters,
        source,
        dtype,
        numExperts,
        expertsPerToken,
        weights,
        cache,
        stored,
        q,
        assumptions,
        dropout);
  }
}
