package io.hfvram.spec;

/**
 * What one Llama look-alike differs in: its transformers configuration class, the structure the
 * config does not spell out, and the class defaults for absent keys. Rows are written by name, e.g.
 * {@code DecoderFamily.of("GemmaConfig").tiedByDefault().headDim(256)...}.
 *
 * @param configClass the configuration class, named in assumptions ("GemmaConfig default")
 * @param tiedByDefault whether {@code tie_word_embeddings} defaults to true
 * @param headDim the {@code head_dim} default, or 0 for hidden size / heads
 * @param qkvBias the {@code attention_bias} default
 * @param qkNorm whether each layer norms queries and keys (q_norm, k_norm)
 * @param sandwichNorms whether each layer adds pre- and post-feedforward norms (four per layer)
 * @param fused whether q/k/v and gate/up are fused projections (Phi-3)
 * @param maxContext the {@code max_position_embeddings} default
 * @param hidden the {@code hidden_size} default (nested text configs only)
 * @param layers the {@code num_hidden_layers} default (nested text configs only)
 * @param heads the {@code num_attention_heads} default (nested text configs only)
 * @param intermediate the {@code intermediate_size} default (nested text configs only)
 * @param vocab the {@code vocab_size} default (nested text configs only)
 */
record DecoderFamily(
    String configClass,
    boolean tiedByDefault,
    long headDim,
    boolean qkvBias,
    boolean qkNorm,
    boolean sandwichNorms,
    boolean fused,
    long maxContext,
    long hidden,
    long layers,
    long heads,
    long intermediate,
    long vocab) {

  /** A row for {@code configClass}: untied, no biases, two norms per layer until told. */
  static Builder of(String configClass) {
    return new Builder(configClass);
  }

  /** Names each field of a row; used only while the family table is built. */
  static final class Builder {
    private final String configClass;
    private boolean tiedByDefault;
    private long headDim;
    private boolean qkvBias;
    private boolean qkNorm;
    private boolean sandwichNorms;
    private boolean fused;
    private long maxContext;
    private long hidden;
    private long layers;
    private long heads;
    private long intermediate;
    private long vocab;

    private Builder(String configClass) {
      this.configClass = configClass;
    }

    Builder tiedByDefault() {
      tiedByDefault = true;
      return this;
    }

    Builder headDim(long d) {
      headDim = d;
      return this;
    }

    Builder qkvBiasByDefault() {
      qkvBias = true;
      return this;
    }

    Builder qkNorm() {
      qkNorm = true;
      return this;
    }

    Builder sandwichNorms() {
      sandwichNorms = true;
      return this;
    }

    Builder fused() {
      fused = true;
      return this;
    }

    Builder maxContext(long n) {
      maxContext = n;
      return this;
    }

    Builder hidden(long n) {
      hidden = n;
      return this;
    }

    Builder layers(long n) {
      layers = n;
      return this;
    }

    Builder heads(long n) {
      heads = n;
      return this;
    }

    Builder intermediate(long n) {
      intermediate = n;
      return this;
    }

    Builder vocab(long n) {
      vocab = n;
      return this;
    }

    DecoderFamily build() {
      return new DecoderFamily(
          configClass,
          tiedByDefault,
          headDim,
          qkvBias,
          qkNorm,
          sandwichNorms,
          fused,
          maxContext,
          hidden,
          layers,
          heads,
          intermediate,
          vocab);
    }
  }
}
