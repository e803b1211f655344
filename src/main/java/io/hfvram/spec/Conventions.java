package io.hfvram.spec;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Config conventions transformers uses across families, read once here rather than per mapper: the
 * nested text config of wrappers ({@code text_config}, {@code llm_config}, {@code
 * language_config}), {@code head_dim} given or derived, {@code layer_types} per layer, the
 * configuration classes' own defaults for absent keys, and multi-token-prediction layers.
 */
final class Conventions {
  /** The keys under which wrappers nest their language model's config, in lookup order. */
  static final List<String> TEXT_WRAPPERS = List.of("text_config", "llm_config", "language_config");

  /**
   * Defaults of each configuration class for keys that decide the parameter count when absent, read
   * from the class definitions of transformers v4.57 (configuration_*.py). Keyed by {@code
   * model_type}.
   *
   * @param configClass the transformers class, named in assumptions
   * @param tieWordEmbeddings the {@code tie_word_embeddings} default
   */
  record ClassDefault(String configClass, boolean tieWordEmbeddings) {}

  private static final Map<String, ClassDefault> DEFAULTS =
      Map.ofEntries(
          Map.entry("smollm3", new ClassDefault("SmolLM3Config", true)),
          Map.entry("cohere", new ClassDefault("CohereConfig", true)),
          Map.entry("cohere2", new ClassDefault("Cohere2Config", true)),
          Map.entry("starcoder2", new ClassDefault("Starcoder2Config", true)),
          Map.entry("olmo2", new ClassDefault("Olmo2Config", false)),
          Map.entry("glm4", new ClassDefault("Glm4Config", false)),
          Map.entry("granite", new ClassDefault("GraniteConfig", false)),
          Map.entry("llama4_text", new ClassDefault("Llama4TextConfig", false)),
          Map.entry("qwen3_next", new ClassDefault("Qwen3NextConfig", false)),
          Map.entry("qwen3_5_text", new ClassDefault("Qwen3_5TextConfig", false)),
          Map.entry("qwen3_5_moe_text", new ClassDefault("Qwen3_5MoeTextConfig", false)),
          Map.entry("whisper", new ClassDefault("WhisperConfig", true)),
          Map.entry("nemotron-nas", new ClassDefault("DeciLMConfig", false)),
          Map.entry("gemma3_text", new ClassDefault("Gemma3TextConfig", true)),
          Map.entry("gemma3n_text", new ClassDefault("Gemma3nTextConfig", true)));

  private Conventions() {}

  /** The class default row for a model type, or null when the table has none. */
  static ClassDefault classDefault(String modelType) {
    return modelType == null ? null : DEFAULTS.get(modelType.toLowerCase(Locale.ROOT));
  }

  /**
   * {@code tie_word_embeddings} as given, else the configuration class's default for the model
   * type, else {@code fallback} (recorded with {@code why}).
   */
  static boolean tied(RawConfig c, String modelType, boolean fallback, String why)
      throws InvalidConfigException {
    ClassDefault d = classDefault(modelType);
    if (d != null) {
      return c.bool(
          d.tieWordEmbeddings(),
          d.configClass() + " default (transformers v4.57)",
          "tie_word_embeddings");
    }
    return c.bool(fallback, why, "tie_word_embeddings");
  }

  /** The nested language-model config of a wrapper, or null when there is none. */
  static RawConfig textConfig(RawConfig c) throws InvalidConfigException {
    for (String key : TEXT_WRAPPERS) {
      Object v = c.raw().get(key);
      if (v instanceof Map && !((Map<?, ?>) v).isEmpty()) {
        return c.child(key);
      }
    }
    return null;
  }

  /**
   * {@code head_dim} when given; else the class default when it has one ({@code classDefault} > 0,
   * recorded); else hidden / heads, which must divide.
   */
  static long headDim(RawConfig c, long hidden, long heads, long classDefault, String why)
      throws InvalidConfigException {
    Long explicit = c.find(1, RawConfig.MAX_WIDTH, "head_dim");
    if (explicit != null) {
      return explicit;
    }
    if (classDefault > 0) {
      c.assume("'head_dim' absent: " + classDefault + " (" + why + ")");
      return classDefault;
    }
    return MoeMapper.divide(c, hidden, heads);
  }

  /** How many layers of each kind {@code layer_types} lists. */
  record LayerKinds(long full, long sliding, long chunked, long linear, long mamba) {
    long total() {
      return full + sliding + chunked + linear + mamba;
    }
  }

  /**
   * Counts {@code layer_types} (full_attention, sliding_attention, chunked_attention,
   * linear_attention, mamba; unknown names count as full attention), or null when absent.
   */
  static LayerKinds layerTypes(RawConfig c, long layers) throws InvalidConfigException {
    List<?> types = c.list("layer_types");
    if (types == null) {
      return null;
    }
    if (types.size() != layers) {
      throw c.error("layer_types", "lists " + types.size() + " layers but the model has " + layers);
    }
    long[] n = new long[5];
    for (Object t : types) {
      if (!(t instanceof String)) {
        throw c.error("layer_types", "must list strings");
      }
      n[kindOf((String) t)]++;
    }
    return new LayerKinds(n[0], n[1], n[2], n[3], n[4]);
  }

  private static int kindOf(String type) {
    String s = type.toLowerCase(Locale.ROOT);
    if (s.contains("sliding") || s.contains("local")) {
      return 1;
    }
    if (s.contains("chunk")) {
      return 2;
    }
    if (s.contains("linear") || s.contains("delta")) {
      return 3;
    }
    if (s.contains("mamba") || s.contains("ssm")) {
      return 4;
    }
    return 0;
  }

  /** Multi-token-prediction layers the checkpoint stores, from any of the keys in use. */
  static long mtpLayers(RawConfig c) throws InvalidConfigException {
    return c.integer(
        0,
        null,
        0,
        RawConfig.MAX_COUNT,
        "num_nextn_predict_layers",
        "mtp_num_hidden_layers",
        "num_mtp_layers");
  }
}
