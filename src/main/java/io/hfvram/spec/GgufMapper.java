package io.hfvram.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps a GGUF header (metadata keys per hub-protocol.md §8.3, tensor elements per ggml type) to a
 * spec: the metadata is translated to config.json key names and read by the same family mappers;
 * the parameter count and the stored bytes come from the tensor infos, and per-layer KV-head arrays
 * size the cache layer by layer.
 */
public final class GgufMapper {
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("llama", "llama"),
          Map.entry("mistral", "mistral"),
          Map.entry("qwen2", "qwen2"),
          Map.entry("qwen3", "qwen3"),
          Map.entry("qwen2moe", "qwen2_moe"),
          Map.entry("qwen3moe", "qwen3_moe"),
          Map.entry("gemma", "gemma"),
          Map.entry("gemma2", "gemma2"),
          Map.entry("gemma3", "gemma3_text"),
          Map.entry("phi3", "phi3"),
          Map.entry("deepseek2", "deepseek_v2"),
          Map.entry("mamba", "mamba"));

  private GgufMapper() {}

  /**
   * Maps a GGUF header.
   *
   * @param meta the metadata (arrays of strings as objects whose toString is irrelevant; their
   *     length is given by {@code arrayLength})
   * @param elementsByType tensor elements per ggml type name
   * @param tensorNames tensor names
   * @param arrayLength reads the length of a non-list array value, or -1
   * @param file the file for messages
   */
  public static ModelSpec map(
      Map<String, Object> meta,
      Map<String, Long> elementsByType,
      List<String> tensorNames,
      java.util.function.ToLongFunction<Object> arrayLength,
      String file)
      throws InvalidConfigException, UnsupportedModelException {
    Object archValue = meta.get("general.architecture");
    if (!(archValue instanceof String) || ((String) archValue).isBlank()) {
      throw new InvalidConfigException(
          file, "general.architecture", "is missing from the GGUF" + " metadata");
    }
    String arch = (String) archValue;
    String p = arch + ".";
    Map<String, Object> c = new LinkedHashMap<>();
    long experts = number(meta.get(p + "expert_count"));
    String type = TYPES.getOrDefault(arch, arch);
    if (type.equals("llama") && experts > 0) {
      type = "mixtral";
    }
    c.put("model_type", type);
    c.put("architectures", List.of(arch + " (GGUF)"));
    put(c, "hidden_size", number(meta.get(p + "embedding_length")));
    put(c, "num_hidden_layers", number(meta.get(p + "block_count")));
    long heads = maxOf(meta.get(p + "attention.head_count"));
    put(c, "num_attention_heads", heads);
    long kv = maxOf(meta.get(p + "attention.head_count_kv"));
    put(c, "num_key_value_heads", kv);
    long keyLength = number(meta.get(p + "attention.key_length"));
    long valueLength = number(meta.get(p + "attention.value_length"));
    if (!arch.equals("deepseek2")) {
      put(c, "head_dim", keyLength);
    }
    put(c, "intermediate_size", maxOf(meta.get(p + "feed_forward_length")));
    long vocab = number(meta.get(p + "vocab_size"));
    if (vocab <= 0) {
      vocab = arrayLength.applyAsLong(meta.get("tokenizer.ggml.tokens"));
    }
    put(c, "vocab_size", vocab);
    put(c, "max_position_embeddings", number(meta.get(p + "context_length")));
    c.put("tie_word_embeddings", !tensorNames.contains("output.weight"));
    c.put("torch_dtype", "bfloat16");
    moeKeys(c, meta, p, experts);
    put(c, "sliding_window", number(meta.get(p + "attention.sliding_window")));
    familyKeys(c, meta, arch, p, experts, keyLength, valueLength);
    try {
      return withTensors(
          ConfigMapper.map(c, file + " (GGUF metadata)"),
          meta,
          elementsByType,
          arch,
          keyLength,
          valueLength);
    } catch (ArithmeticException | IllegalArgumentException e) {
      throw new InvalidConfigException(
          file, null, "describes an impossible model (" + e.getMessage() + ")");
    }
  }

  /** The mixture-of-experts keys, under their config.json names. */
  private static void moeKeys(Map<String, Object> c, Map<String, Object> meta, String p, long n) {
    put(c, "num_local_experts", n);
    put(c, "num_experts", n);
    put(c, "num_experts_per_tok", number(meta.get(p + "expert_used_count")));
    put(c, "moe_intermediate_size", number(meta.get(p + "expert_feed_forward_length")));
    put(
        c,
        "shared_expert_intermediate_size",
        number(meta.get(p + "expert_shared_feed_forward_length")));
  }

  /** The keys only DeepSeek-2 (MLA) and Mamba GGUF files carry. */
  private static void familyKeys(
      Map<String, Object> c,
      Map<String, Object> meta,
      String arch,
      String p,
      long experts,
      long keyLength,
      long valueLength) {
    if (arch.equals("deepseek2")) {
      long rope = number(meta.get(p + "rope.dimension_count"));
      put(c, "kv_lora_rank", number(meta.get(p + "attention.kv_lora_rank")));
      long qLora = number(meta.get(p + "attention.q_lora_rank"));
      c.put("q_lora_rank", qLora > 0 ? qLora : null);
      put(c, "qk_rope_head_dim", rope);
      put(c, "qk_nope_head_dim", keyLength - rope);
      put(c, "v_head_dim", valueLength);
      put(c, "n_routed_experts", experts);
      put(c, "n_shared_experts", number(meta.get(p + "expert_shared_count")));
      put(c, "first_k_dense_replace", number(meta.get(p + "leading_dense_block_count")));
    }
    if (arch.equals("mamba")) {
      put(c, "state_size", number(meta.get(p + "ssm.state_size")));
      put(c, "conv_kernel", number(meta.get(p + "ssm.conv_kernel")));
      put(c, "intermediate_size", number(meta.get(p + "ssm.inner_size")));
      put(c, "time_step_rank", number(meta.get(p + "ssm.time_step_rank")));
    }
  }

  /** The spec with the tensor infos' exact count, dtypes and per-layer KV heads. */
  private static ModelSpec withTensors(
      ModelSpec spec,
      Map<String, Object> meta,
      Map<String, Long> elementsByType,
      String arch,
      long keyLength,
      long valueLength) {
    String p = arch + ".";
    long total = 0;
    for (long n : elementsByType.values()) {
      total = Math.addExact(total, n);
    }
    List<String> notes = new ArrayList<>();
    notes.add(
        "parameters: exact count from the GGUF tensor infos; weights bytes from their ggml"
            + " types "
            + new TreeMap<>(elementsByType));
    Object kvArray = meta.get(p + "attention.head_count_kv");
    if (kvArray instanceof List && !arch.equals("deepseek2")) {
      long k = keyLength > 0 ? keyLength : spec.headDim();
      spec = spec.withCache(perLayerCache((List<?>) kvArray, k, valueLength > 0 ? valueLength : k));
      notes.add("KV heads per layer from the GGUF array " + arch + ".attention.head_count_kv");
    }
    return spec.withParameters(total, ParameterSource.GGUF, elementsByType)
        .withDtype(dominant(elementsByType))
        .withAssumptions(notes);
  }

  private static List<CacheGroup> perLayerCache(List<?> kvPerLayer, long k, long v) {
    Map<Long, Long> layersByKv = new TreeMap<>();
    for (Object o : kvPerLayer) {
      long n = number(o);
      if (n > 0) {
        layersByKv.merge(n, 1L, Long::sum);
      }
    }
    List<CacheGroup> groups = new ArrayList<>();
    layersByKv.forEach(
        (kvHeads, layers) -> groups.add(CacheGroup.attention(layers, kvHeads, k, v)));
    return groups;
  }

  /** The dtype to report: the ggml type holding the most elements. */
  static DType dominant(Map<String, Long> byType) {
    String best = null;
    long most = -1;
    for (Map.Entry<String, Long> e : byType.entrySet()) {
      if (e.getValue() > most) {
        most = e.getValue();
        best = e.getKey();
      }
    }
    if (best == null) {
      return DType.BF16;
    }
    switch (best) {
      case "F32":
        return DType.FP32;
      case "F16":
        return DType.FP16;
      case "BF16":
        return DType.BF16;
      case "Q8_0":
      case "Q8_1":
      case "Q8_K":
      case "I8":
        return DType.INT8;
      case "MXFP4":
      case "NVFP4":
        return DType.FP4;
      default:
        return DType.INT4;
    }
  }

  private static void put(Map<String, Object> c, String key, long v) {
    if (v > 0) {
      c.put(key, v);
    }
  }

  private static long number(Object o) {
    if (o instanceof Long) {
      return (Long) o;
    }
    if (o instanceof Double) {
      double d = (Double) o;
      return d == Math.rint(d) && d > 0 && d < 1e15 ? (long) d : -1;
    }
    return -1;
  }

  /** A scalar, or the largest value of a per-layer array. */
  private static long maxOf(Object o) {
    if (o instanceof List) {
      long max = -1;
      for (Object e : (List<?>) o) {
        max = Math.max(max, number(e));
      }
      return max;
    }
    return number(o);
  }
}
