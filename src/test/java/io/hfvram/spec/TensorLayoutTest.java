package io.hfvram.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cache layouts read from crafted tensor names and shapes (item 3 of issue 13). */
class TensorLayoutTest {
  /** Tensor shapes, built the way a safetensors header lists them. */
  static final class Shapes {
    final Map<String, List<Long>> map = new LinkedHashMap<>();

    Shapes put(String name, long... dims) {
      Long[] boxed = new Long[dims.length];
      for (int i = 0; i < dims.length; i++) {
        boxed[i] = dims[i];
      }
      map.put(name, List.of(boxed));
      return this;
    }

    long total() {
      long n = 0;
      for (List<Long> s : map.values()) {
        long p = 1;
        for (long d : s) {
          p *= d;
        }
        n += p;
      }
      return n;
    }
  }

  /** A Llama layer: q/k/v/o, gated MLP, two norms. */
  static void llamaLayer(Shapes s, String p, long h, long heads, long kv, long hd, long f) {
    s.put(p + "self_attn.q_proj.weight", heads * hd, h)
        .put(p + "self_attn.k_proj.weight", kv * hd, h)
        .put(p + "self_attn.v_proj.weight", kv * hd, h)
        .put(p + "self_attn.o_proj.weight", h, heads * hd)
        .put(p + "mlp.gate_proj.weight", f, h)
        .put(p + "mlp.up_proj.weight", f, h)
        .put(p + "mlp.down_proj.weight", h, f)
        .put(p + "input_layernorm.weight", h)
        .put(p + "post_attention_layernorm.weight", h);
  }

  static Shapes llama(long layers) {
    Shapes s =
        new Shapes()
            .put("model.embed_tokens.weight", 1000, 64)
            .put("model.norm.weight", 64)
            .put("lm_head.weight", 1000, 64);
    for (int i = 0; i < layers; i++) {
      llamaLayer(s, "model.layers." + i + ".", 64, 8, 2, 8, 128);
    }
    return s;
  }

  static RawConfig config(Map<String, Object> m) throws InvalidConfigException {
    return RawConfig.of(m, "config.json");
  }

  @Test
  void llamaStyleGqaGivesKvHeadsTimesHeadDim() throws Exception {
    TensorLayout l =
        TensorLayout.read(
            llama(4).map, config(Map.of("num_attention_heads", 8L, "hidden_size", 64L)));
    assertEquals("model.layers", l.stack());
    assertEquals(List.of(CacheGroup.attention(4, 2, 8, 8)), l.cache());
    assertEquals(4 * 2 * 2 * 8, l.kvElementsPerToken());
  }

  @Test
  void withoutHintsTheKvWidthIsStillExact() throws Exception {
    TensorLayout l = TensorLayout.read(llama(3).map, config(Map.of()));
    assertEquals(3 * 2 * 16, l.kvElementsPerToken(), "16 K + 16 V elements per layer");
  }

  @Test
  void fusedQkvIsSplitByTheOutputProjection() throws Exception {
    Shapes s =
        new Shapes().put("gpt_neox.embed_in.weight", 500, 32).put("embed_out.weight", 500, 32);
    for (int i = 0; i < 2; i++) {
      String p = "gpt_neox.layers." + i + ".attention.";
      s.put(p + "query_key_value.weight", 96, 32)
          .put(p + "query_key_value.bias", 96)
          .put(p + "dense.weight", 32, 32);
    }
    TensorLayout l =
        TensorLayout.read(s.map, config(Map.of("num_attention_heads", 4L, "hidden_size", 32L)));
    assertEquals(List.of(CacheGroup.attention(2, 4, 8, 8)), l.cache());
    // Phi-3 style GQA: qkv = q + 2 kv, o_proj's input is q
    Shapes g =
        new Shapes()
            .put("model.embed_tokens.weight", 500, 64)
            .put("model.layers.0.self_attn.qkv_proj.weight", 64 + 2 * 16, 64)
            .put("model.layers.0.self_attn.o_proj.weight", 64, 64);
    assertEquals(32, TensorLayout.read(g.map, config(Map.of())).kvElementsPerToken());
    // GPT-2's Conv1D stores [in, out]
    Shapes gpt2 =
        new Shapes()
            .put("transformer.wte.weight", 500, 48)
            .put("transformer.h.0.attn.c_attn.weight", 48, 144)
            .put("transformer.h.0.attn.c_proj.weight", 48, 48);
    assertEquals(96, TensorLayout.read(gpt2.map, config(Map.of())).kvElementsPerToken());
  }

  @Test
  void mlaCachesTheLatentPlusRopeKey() throws Exception {
    Shapes s = new Shapes().put("model.embed_tokens.weight", 1000, 2048);
    for (int i = 0; i < 3; i++) {
      String p = "model.layers." + i + ".self_attn.";
      s.put(p + "q_proj.weight", 16 * 192, 2048)
          .put(p + "kv_a_proj_with_mqa.weight", 576, 2048)
          .put(p + "kv_a_layernorm.weight", 512)
          .put(p + "kv_b_proj.weight", 16 * 256, 512)
          .put(p + "o_proj.weight", 2048, 16 * 128);
    }
    TensorLayout l = TensorLayout.read(s.map, config(Map.of()));
    assertEquals(List.of(new CacheGroup(CacheKind.MLA, 3, 1, 576, 0, 0, 0)), l.cache());
  }

  @Test
  void hybridMambaLayersHoldStateNotKv() throws Exception {
    Shapes s = new Shapes().put("backbone.embeddings.weight", 1000, 64);
    long inner = 128;
    long convDim = inner + 2 * 16;
    for (int i = 0; i < 3; i++) {
      String p = "backbone.layers." + i + ".mixer.";
      s.put(p + "in_proj.weight", inner + convDim + 4, 64)
          .put(p + "conv1d.weight", convDim, 1, 4)
          .put(p + "conv1d.bias", convDim)
          .put(p + "A_log", 4)
          .put(p + "D", 4)
          .put(p + "dt_bias", 4)
          .put(p + "norm.weight", inner)
          .put(p + "out_proj.weight", 64, inner);
    }
    s.put("backbone.layers.3.mixer.q_proj.weight", 64, 64)
        .put("backbone.layers.3.mixer.k_proj.weight", 16, 64)
        .put("backbone.layers.3.mixer.v_proj.weight", 16, 64)
        .put("backbone.layers.3.mixer.o_proj.weight", 64, 64);
    s.put("backbone.layers.4.mixer.up_proj.weight", 256, 64);
    TensorLayout l =
        TensorLayout.read(
            s.map, config(Map.of("ssm_state_size", 16L, "n_groups", 1L, "head_dim", 8L)));
    long state = convDim * 3 + inner * 16;
    assertEquals(List.of(CacheGroup.state(3, state), CacheGroup.attention(1, 2, 8, 8)), l.cache());
    assertEquals(1, l.noCache(), "the MLP-only layer keeps nothing");
    assertEquals(3 * state, l.stateElements());
    // Mamba-1: A_log is d_inner x d_state
    Shapes m1 =
        new Shapes()
            .put("backbone.embeddings.weight", 1000, 64)
            .put("backbone.layers.0.mixer.conv1d.weight", 128, 1, 4)
            .put("backbone.layers.0.mixer.A_log", 128, 16);
    assertEquals(
        List.of(CacheGroup.state(1, 128 * 3 + 128 * 16)),
        TensorLayout.read(m1.map, config(Map.of())).cache());
  }

  @Test
  void gatedDeltaNetStateFollowsQwenNext() throws Exception {
    // Qwen3-Next: 16 key heads x 128, 32 value heads x 128, conv kernel 4
    long keyDim = 16 * 128;
    long valueDim = 32 * 128;
    long convDim = 2 * keyDim + valueDim;
    Shapes s =
        new Shapes()
            .put("model.embed_tokens.weight", 1000, 2048)
            .put("model.layers.0.linear_attn.in_proj_qkvz.weight", convDim + valueDim, 2048)
            .put("model.layers.0.linear_attn.in_proj_ba.weight", 64, 2048)
            .put("model.layers.0.linear_attn.conv1d.weight", convDim, 1, 4)
            .put("model.layers.0.linear_attn.A_log", 32)
            .put("model.layers.0.linear_attn.dt_bias", 32)
            .put("model.layers.0.linear_attn.norm.weight", 128)
            .put("model.layers.0.linear_attn.out_proj.weight", 2048, valueDim);
    TensorLayout l = TensorLayout.read(s.map, config(Map.of("linear_key_head_dim", 128L)));
    assertEquals(List.of(CacheGroup.state(1, 32L * 128 * 128 + convDim * 3)), l.cache());
  }

  @Test
  void layersWithoutAttentionAndSharedKvKeepNoCache() throws Exception {
    Shapes s = llama(4);
    s.map.keySet().removeIf(n -> n.startsWith("model.layers.1.self_attn"));
    TensorLayout l = TensorLayout.read(s.map, config(Map.of("num_kv_shared_layers", 1L)));
    assertEquals(2, l.noCache(), "layer 1 has no attention, layer 3 shares KV");
    assertEquals(2 * 32, l.kvElementsPerToken());
  }

  @Test
  void towersAndMtpAreNotTheMainStack() throws Exception {
    Shapes s = llama(2);
    for (int i = 0; i < 5; i++) {
      llamaLayer(s, "model.vision_tower.encoder.layers." + i + ".", 32, 4, 4, 8, 64);
    }
    llamaLayer(s, "mtp.layers.0.", 64, 8, 2, 8, 128);
    TensorLayout l = TensorLayout.read(s.map, config(Map.of()));
    assertEquals("model.layers", l.stack());
    assertEquals(2, l.layers());
  }

  @Test
  void unknownTypeIsMappedFromItsTensors() throws Exception {
    Shapes s = llama(4);
    ModelSpec spec =
        FromWeights.map(
            Map.of(
                "model_type",
                "frob",
                "num_attention_heads",
                8L,
                "torch_dtype",
                "bfloat16",
                "max_position_embeddings",
                8192L),
            "c.json",
            s.map);
    assertEquals(ParameterSource.WEIGHTS, spec.parameterSource());
    assertEquals(s.total(), spec.parameters());
    assertEquals(64, spec.hiddenSize());
    assertEquals(1000, spec.vocabSize());
    assertEquals(4, spec.numLayers());
    assertEquals(2, spec.numKeyValueHeads());
    assertEquals(8192, spec.maxContext());
    assertEquals(4 * 32, spec.cacheElementsPerToken());
    assertTrue(!spec.tiedEmbeddings());
    assertTrue(
        spec.assumptions().get(spec.assumptions().size() - 1).contains("4 attention"),
        spec.assumptions().toString());
    assertTrue(
        spec.weights().stream()
            .anyMatch(
                g ->
                    g.module().equals("k_proj")
                        && g.instances() == 4
                        && g.role() == Role.ATTENTION));
  }

  @Test
  void crossCheckFlagsAConfigThatDisagreesWithTheWeights() throws Exception {
    Map<String, Object> cfg =
        Map.of(
            "model_type",
            "llama",
            "hidden_size",
            64L,
            "num_hidden_layers",
            4L,
            "num_attention_heads",
            8L,
            "num_key_value_heads",
            2L,
            "intermediate_size",
            128L,
            "vocab_size",
            1000L);
    ModelSpec spec = ConfigMapper.map(cfg, "c.json");
    assertTrue(FromWeights.crossCheck(spec, cfg, "c.json", llama(4).map).isEmpty());
    Map<String, Object> wrong = new LinkedHashMap<>(cfg);
    wrong.put("num_key_value_heads", 8L);
    ModelSpec bad = ConfigMapper.map(wrong, "c.json");
    List<String> notes = FromWeights.crossCheck(bad, wrong, "c.json", llama(4).map);
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(notes.get(0).startsWith(FromWeights.CROSS_CHECK), notes.get(0));
    assertTrue(notes.get(0).contains("+300.00%"), notes.get(0));
  }

  @Test
  void deepseekV32IndexKeyAndMtpLayerAgreeWithTheMapper() throws Exception {
    // 61 main layers + 1 stored MTP layer (model.layers.61), MLA latent 576 + index key 128
    ModelSpec spec = Specs.fixture("deepseek-ai--DeepSeek-V3.2-Exp");
    Object cfg =
        io.hfvram.Fixtures.parse(
            io.hfvram.Fixtures.model("deepseek-ai--DeepSeek-V3.2-Exp").resolve("config.json"));
    Shapes s = new Shapes().put("model.embed_tokens.weight", 129280, 7168);
    for (int i = 0; i < 62; i++) {
      String p = "model.layers." + i + ".self_attn.";
      s.put(p + "kv_a_proj_with_mqa.weight", 576, 7168).put(p + "indexer.wk.weight", 128, 7168);
    }
    TensorLayout l = TensorLayout.read(s.map, RawConfig.of(cfg, "c.json"));
    assertEquals(61, l.layers());
    assertEquals(61L * 704, l.kvElementsPerToken());
    assertEquals(spec.cacheElementsPerToken(), l.kvElementsPerToken());
    assertTrue(FromWeights.crossCheck(spec, cfg, "c.json", s.map).isEmpty());
  }

  @Test
  void parallelMambaAndAttentionLayersHoldBoth() throws Exception {
    // Falcon-H1: every layer runs a Mamba-2 mixer beside attention
    Shapes s = new Shapes().put("model.embed_tokens.weight", 1000, 64);
    String p = "model.layers.0.";
    s.put(p + "mamba.conv1d.weight", 160, 1, 4)
        .put(p + "mamba.A_log", 4)
        .put(p + "mamba.out_proj.weight", 64, 128)
        .put(p + "self_attn.k_proj.weight", 16, 64)
        .put(p + "self_attn.v_proj.weight", 16, 64);
    TensorLayout l = TensorLayout.read(s.map, config(Map.of("mamba_d_state", 16L, "head_dim", 8L)));
    assertEquals(
        List.of(CacheGroup.state(1, 160 * 3 + 128 * 16), CacheGroup.attention(1, 2, 8, 8)),
        l.cache());
  }
}
