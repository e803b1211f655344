package io.hfvram.spec;

import java.util.Map;

/**
 * The encoder-only embedding families beyond BERT and RoBERTa: distilbert (DistilBERT: no token
 * types, 6 layers), mpnet (MPNet: a relative-position bias shared by the layers) and nomic_bert
 * (nomic-embed: rotary positions, fused qkv, SwiGLU, no biases), and the task heads of xlm-roberta.
 * None keeps a KV cache. Counts are of the tensors the checkpoints store, per the architecture the
 * config names.
 */
final class EncoderOnlyMapper {
  private EncoderOnlyMapper() {}

  static void map(EncoderMapper.Kind k, RawConfig c, SpecBuilder b, String arch)
      throws InvalidConfigException {
    String a = arch == null ? "" : arch;
    switch (k) {
      case DISTILBERT -> distilbert(c, b, a);
      case MPNET -> mpnet(c, b, a);
      default -> nomic(c, b);
    }
  }

  private static void distilbert(RawConfig c, SpecBuilder b, String a)
      throws InvalidConfigException {
    String why = "DistilBertConfig default";
    long h = c.integer(768, why, 1, RawConfig.MAX_WIDTH, "dim");
    long layers = c.integer(6, why, 1, RawConfig.MAX_COUNT, "n_layers");
    long heads = c.integer(12, why, 1, RawConfig.MAX_COUNT, "n_heads");
    long f = c.integer(3072, why, 1, RawConfig.MAX_WIDTH, "hidden_dim");
    long vocab = c.integer(30522, why, 1, RawConfig.MAX_VOCAB, "vocab_size");
    long ctx = c.integer(512, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    MoeMapper.divide(c, h, heads);
    b.dims(h, layers, heads, heads, h / heads, f, vocab, ctx, true);
    c.assume("encoder-only model: no KV cache");
    b.linear("word_embeddings", Role.EMBEDDING, vocab, h, 1, false);
    b.linear("position_embeddings", Role.EMBEDDING, ctx, h, 1, false);
    b.norm("embeddings.LayerNorm", h, 1, true);
    postNormLayers(b, h, f, layers, true);
    String head = "the base model";
    if (a.endsWith("ForMaskedLM")) {
      b.linear("vocab_transform", Role.OTHER, h, h, 1, true);
      b.norm("vocab_layer_norm", h, 1, true);
      b.norm("vocab_projector.bias", vocab, 1, false);
      head = a + " (vocab_transform, vocab_layer_norm; projector tied to the embeddings)";
    } else if (a.endsWith("ForSequenceClassification")) {
      b.linear("pre_classifier", Role.OTHER, h, h, 1, true);
      b.linear("classifier", Role.OTHER, h, labels(c), 1, true);
      head = a + " (pre_classifier and a " + labels(c) + "-label classifier)";
    } else if (a.endsWith("ForQuestionAnswering")) {
      b.linear("qa_outputs", Role.OTHER, h, 2, 1, true);
      head = a + " (qa_outputs)";
    } else if (a.endsWith("ForTokenClassification")) {
      b.linear("classifier", Role.OTHER, h, labels(c), 1, true);
      head = a + " (a " + labels(c) + "-label classifier)";
    }
    c.assume("heads counted for " + head);
  }

  private static void mpnet(RawConfig c, SpecBuilder b, String a) throws InvalidConfigException {
    String why = "MPNetConfig default";
    long h = c.require(1, RawConfig.MAX_WIDTH, "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "num_hidden_layers");
    long heads = c.require(1, RawConfig.MAX_COUNT, "num_attention_heads");
    long f = c.require(1, RawConfig.MAX_WIDTH, "intermediate_size");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long ctx = c.integer(512, why, 1, RawConfig.MAX_CONTEXT, "max_position_embeddings");
    long buckets = c.integer(32, why, 1, 1 << 16, "relative_attention_num_buckets");
    MoeMapper.divide(c, h, heads);
    b.dims(h, layers, heads, heads, h / heads, f, vocab, ctx, true);
    c.assume("encoder-only model: no KV cache");
    b.linear("word_embeddings", Role.EMBEDDING, vocab, h, 1, false);
    b.linear("position_embeddings", Role.EMBEDDING, ctx, h, 1, false);
    b.norm("embeddings.LayerNorm", h, 1, true);
    postNormLayers(b, h, f, layers, true);
    b.add(new WeightGroup("relative_attention_bias", Role.OTHER, buckets, heads, 1, false));
    if (a.endsWith("ForMaskedLM")) {
      b.linear("lm_head.dense", Role.OTHER, h, h, 1, true);
      b.norm("lm_head.layer_norm", h, 1, true);
      b.norm("lm_head.bias", vocab, 1, false);
      c.assume("heads counted for " + a + " (masked-LM head, decoder tied)");
    } else {
      b.linear("pooler.dense", Role.OTHER, h, h, 1, true);
      c.assume("heads counted for " + (a.isEmpty() ? "the base model" : a) + " (pooler included)");
    }
  }

  private static void nomic(RawConfig c, SpecBuilder b) throws InvalidConfigException {
    String why = "NomicBertConfig default";
    long h = c.require(1, RawConfig.MAX_WIDTH, "n_embd", "hidden_size");
    long layers = c.require(1, RawConfig.MAX_COUNT, "n_layer", "num_hidden_layers");
    long heads = c.require(1, RawConfig.MAX_COUNT, "n_head", "num_attention_heads");
    long f = c.integer(4 * h, why, 1, RawConfig.MAX_WIDTH, "n_inner", "intermediate_size");
    long vocab = c.require(1, RawConfig.MAX_VOCAB, "vocab_size");
    long ctx = c.integer(2048, why, 1, RawConfig.MAX_CONTEXT, "n_positions");
    long types = c.integer(2, why, 0, 1 << 16, "type_vocab_size");
    boolean qkvBias = c.bool(true, why, "qkv_proj_bias");
    boolean fc1Bias = c.bool(true, why, "mlp_fc1_bias");
    boolean fc2Bias = c.bool(true, why, "mlp_fc2_bias");
    String act = c.string("swiglu", "activation_function");
    boolean gated = act.endsWith("glu");
    MoeMapper.divide(c, h, heads);
    b.dims(h, layers, heads, heads, h / heads, f, vocab, ctx, true);
    c.assume("encoder-only model: no KV cache; rotary positions, no position table");
    b.linear("word_embeddings", Role.EMBEDDING, vocab, h, 1, false);
    if (types > 0) {
      b.linear("token_type_embeddings", Role.EMBEDDING, types, h, 1, false);
    }
    b.norm("emb_ln", h, 1, true);
    b.linear("attn.Wqkv", Role.ATTENTION, h, 3 * h, layers, qkvBias);
    b.linear("attn.out_proj", Role.ATTENTION, h, h, layers, qkvBias);
    b.norm("norm1", h, layers, true);
    b.linear("mlp.fc11", Role.MLP, h, f, layers, fc1Bias);
    if (gated) {
      b.linear("mlp.fc12", Role.MLP, h, f, layers, fc1Bias);
    }
    b.linear("mlp.fc2", Role.MLP, f, h, layers, fc2Bias);
    b.norm("norm2", h, layers, true);
    c.assume("heads counted for the base model (NomicBertModel: no pooler)");
  }

  /** BERT-shaped post-norm layers: q, k, v, output, two LayerNorms and a two-matrix MLP. */
  private static void postNormLayers(SpecBuilder b, long h, long f, long layers, boolean bias) {
    b.linear("q_lin", Role.ATTENTION, h, h, layers, bias);
    b.linear("k_lin", Role.ATTENTION, h, h, layers, bias);
    b.linear("v_lin", Role.ATTENTION, h, h, layers, bias);
    b.linear("out_lin", Role.ATTENTION, h, h, layers, bias);
    b.norm("sa_layer_norm", h, layers, true);
    b.linear("ffn.lin1", Role.MLP, h, f, layers, bias);
    b.linear("ffn.lin2", Role.MLP, f, h, layers, bias);
    b.norm("output_layer_norm", h, layers, true);
  }

  /**
   * The heads of xlm-roberta after its encoder. The original FacebookAI checkpoints
   * (XLMRobertaForMaskedLM) store the pooler next to the masked-LM head, and the Hub totals count
   * both; sequence classification uses RoBERTa's head (dense + out_proj) without a pooler.
   */
  static void xlmRobertaHeads(RawConfig c, SpecBuilder b, long h, long vocab, String a)
      throws InvalidConfigException {
    String head;
    if (a.endsWith("ForMaskedLM")) {
      b.linear("pooler.dense", Role.OTHER, h, h, 1, true);
      b.linear("lm_head.dense", Role.OTHER, h, h, 1, true);
      b.norm("lm_head.layer_norm", h, 1, true);
      b.norm("lm_head.bias", vocab, 1, false);
      head = a + " (masked-LM head, decoder tied; the stored pooler included)";
    } else if (a.endsWith("ForSequenceClassification")) {
      b.linear("classifier.dense", Role.OTHER, h, h, 1, true);
      b.linear("classifier.out_proj", Role.OTHER, h, labels(c), 1, true);
      head = a + " (classifier dense + " + labels(c) + "-label out_proj, no pooler)";
    } else if (a.endsWith("ForTokenClassification") || a.endsWith("ForQuestionAnswering")) {
      long out = a.endsWith("ForQuestionAnswering") ? 2 : labels(c);
      b.linear("classifier", Role.OTHER, h, out, 1, true);
      head = a + " (a " + out + "-output classifier, no pooler)";
    } else {
      b.linear("pooler.dense", Role.OTHER, h, h, 1, true);
      head = (a.isEmpty() ? "the base model" : a) + " (pooler included)";
    }
    c.assume("heads counted for " + head);
  }

  /** The label count: the size of {@code id2label}, else {@code num_labels}, else 2. */
  private static long labels(RawConfig c) throws InvalidConfigException {
    if (c.raw().get("id2label") instanceof Map<?, ?> m && !m.isEmpty()) {
      return m.size();
    }
    return c.integer(2, "PretrainedConfig default", 1, 1 << 20, "num_labels");
  }
}
