package io.hfvram.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real config.json files in ../shared/configs (read at test time; skipped with a message on
 * a user's clone). Expected counts are published figures; docs/sources.md says where each was
 * read.
 */
final class SharedConfigsTest {

  static Stream<Arguments> llamaFamily() {
    return Stream.of(
        Arguments.of("meta-llama--Llama-2-70b-hf", 68_976_648_192L),
        Arguments.of("meta-llama--Llama-2-7b-hf", 6_738_415_616L),
        Arguments.of("meta-llama--Llama-3.1-8B", 8_030_261_248L),
        Arguments.of("meta-llama--Llama-3.2-1B", 1_235_814_400L),
        Arguments.of("meta-llama--Llama-3.2-3B", 3_212_749_824L),
        Arguments.of("google--gemma-2b-it", 2_506_172_416L),
        Arguments.of("mistralai--Mistral-7B-v0.1", 7_241_732_096L),
        Arguments.of("mistralai--Mistral-Nemo-Instruct-2407", 12_247_782_400L),
        Arguments.of("Qwen--Qwen2.5-7B", 7_615_616_512L),
        Arguments.of("Qwen--Qwen2.5-7B-Instruct", 7_615_616_512L),
        Arguments.of("Qwen--Qwen3-0.6B", 596_049_920L),
        Arguments.of("Qwen--Qwen3-8B", 8_190_735_360L),
        Arguments.of("microsoft--Phi-3-mini-4k-instruct", 3_821_079_552L));
  }

  static Stream<Arguments> otherFamiliesExact() {
    return Stream.of(
        Arguments.of("openai--gpt-oss-20b", 20_914_757_184L),
        Arguments.of("google--medgemma-27b-it", 27_432_406_640L),
        Arguments.of("aiplanet--LuxLlama", 8_030_261_248L),
        Arguments.of("microsoft--phi-2", 2_779_683_840L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherFamiliesExact")
  void otherFamiliesEqualTheirPublishedCount(String dir, long published) {
    assertEquals(published, Specs.shared(dir).parameters(), dir);
  }

  static Stream<Arguments> rounded() {
    // model, published size, decimals it is stated to, unit (1e9 or 1e6); sources in
    // docs/sources.md (model cards and INDEX.md's rounded figures)
    return Stream.of(
        Arguments.of("mistralai--Mixtral-8x7B-v0.1", 46.7, 1, 1e9),
        Arguments.of("Qwen--Qwen3-30B-A3B", 30.5, 1, 1e9),
        Arguments.of("Qwen--Qwen3-30B-A3B-FP8", 30.5, 1, 1e9),
        // stored: 671.0B main + 11.6B MTP layer + 1.85B MTP embedding/head (the fp8 scales
        // bring the Hub total to 684.5B; NewFamiliesTest); 671B served: see below
        Arguments.of("deepseek-ai--DeepSeek-V3", 684.5, 1, 1e9),
        Arguments.of("nvidia--Nemotron-H-56B-Base-8K", 56.0, 0, 1e9),
        Arguments.of("llava-hf--llava-1.5-7b-hf", 7.06, 2, 1e9),
        Arguments.of("Qwen--Qwen2-VL-7B-Instruct-GPTQ-Int8", 8.29, 2, 1e9),
        Arguments.of("EleutherAI--pythia-6.9b-v0", 6.86, 2, 1e9),
        Arguments.of("tiiuae--falcon-7b-instruct", 6.92, 2, 1e9),
        Arguments.of("google--flan-t5-large", 783.0, 0, 1e6),
        Arguments.of("openai-community--gpt2", 124.0, 0, 1e6));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rounded")
  void countsRoundToThePublishedSize(String dir, double size, int decimals, double unit) {
    double derived = Specs.shared(dir).parameters() / unit;
    double scale = Math.pow(10, decimals);
    assertEquals(size, Math.round(derived * scale) / scale, 1e-9, dir + ": " + derived);
    if (decimals > 0 || size >= 100) {
      // A figure stated to three significant digits must agree within 0.5%; a bare "56B" in a
      // model's name (Nemotron-H, where INDEX.md lists no published count) only rounds.
      assertTrue(Math.abs(derived - size) / size < 0.005, dir + " within 0.5%");
    }
  }

  @org.junit.jupiter.api.Test
  void activeParametersOfSharedMixtures() {
    // Mixtral 12.9B active (INDEX.md), Qwen3-30B-A3B 3.3B, DeepSeek-V3 37B.
    assertEquals(12.9, Math.round(Specs.shared("mistralai--Mixtral-8x7B-v0.1")
        .activeParameters() / 1e8) / 10.0);
    // The Qwen3 card says "3.3B activated"; we count 3.35B with embeddings and lm_head.
    assertEquals(3.3, Specs.shared("Qwen--Qwen3-30B-A3B").activeParameters() / 1e9, 0.06);
    // DeepSeek-V3: "37B activated"; we count 37.55B with embeddings and the output head.
    // Without its MTP module (not served unless speculative decoding is on): 671B total.
    ModelSpec v3 = Specs.shared("deepseek-ai--DeepSeek-V3").withoutMtp();
    assertEquals(37, v3.activeParameters() / 1e9, 0.7);
    assertEquals(671, Math.round(v3.parameters() / 1e9));
  }

  @org.junit.jupiter.api.Test
  void bertCountsTheHeadsItsArchitectureNames() throws Exception {
    // The Hub checkpoint (110,106,428, INDEX.md) holds BertForPreTraining's heads; this re-saved
    // config names BertModel. Mapped with the pre-training architecture, the count is exact.
    java.nio.file.Path p = io.hfvram.Fixtures.sharedConfigs()
        .resolve("google-bert--bert-base-uncased/config.json");
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> cfg = new java.util.LinkedHashMap<>(
        (java.util.Map<String, Object>) io.hfvram.Fixtures.parse(p));
    cfg.put("architectures", java.util.List.of("BertForPreTraining"));
    assertEquals(110_106_428L, ConfigMapper.map(cfg, p.toString()).parameters());
    assertEquals(109_482_240L, Specs.shared("google-bert--bert-base-uncased").parameters(),
        "BertModel: the same minus the MLM and NSP heads");
  }

  @org.junit.jupiter.api.Test
  void everySharedConfigMapsWithPositiveFigures() throws Exception {
    java.nio.file.Path root = io.hfvram.Fixtures.sharedConfigs();
    int n = 0;
    try (var dirs = java.nio.file.Files.list(root)) {
      for (java.nio.file.Path d : (Iterable<java.nio.file.Path>) dirs.sorted()::iterator) {
        java.nio.file.Path cfg = d.resolve("config.json");
        if (!java.nio.file.Files.isRegularFile(cfg)) {
          continue;
        }
        ModelSpec s = Specs.map(cfg);
        assertTrue(s.parameters() > 0 && s.hiddenSize() > 0, d.toString());
        n++;
      }
    }
    assertTrue(n >= 29, "mapped " + n + " configs");
  }

  @org.junit.jupiter.api.Test
  void deepSeekV3MlaCacheIs70272BytesPerToken() {
    // Issue 4: (512 + 64) x 61 x 2 = 70,272 B/token in bf16 (hf-mem-ts works 32,768 tokens to
    // 2,302,672,896 B, peers.md).
    ModelSpec s = Specs.shared("deepseek-ai--DeepSeek-V3");
    assertEquals(70_272, io.hfvram.estimate.Estimator.kvBytesPerToken(s, DType.BF16));
    assertEquals(2_302_672_896L, io.hfvram.estimate.Estimator.kvCacheBytes(s, DType.BF16, 1,
        32_768));
  }

  @org.junit.jupiter.api.Test
  void gptOssSlidingLayersHoldAt128Tokens() {
    ModelSpec s = Specs.shared("openai--gpt-oss-20b");
    // 24 layers x 2 x 8 x 64 x 2 B = 49,152 B/token; 12 sliding layers cap at 128 tokens.
    assertEquals(49_152, io.hfvram.estimate.Estimator.kvBytesPerToken(s, DType.BF16));
    long perLayerToken = 2 * 8 * 64 * 2;
    assertEquals(12 * perLayerToken * 8192 + 12 * perLayerToken * 128,
        io.hfvram.estimate.Estimator.kvCacheBytes(s, DType.BF16, 1, 8192));
  }

  @org.junit.jupiter.api.Test
  void gemma3SlidingWindowFromLayerTypes() {
    ModelSpec s = Specs.shared("google--medgemma-27b-it");
    long sliding = s.cache().stream().filter(g -> g.kind() == CacheKind.SLIDING)
        .mapToLong(CacheGroup::layers).sum();
    assertEquals(52, sliding);
    assertEquals(1024, s.cache().stream().filter(g -> g.kind() == CacheKind.SLIDING)
        .findFirst().orElseThrow().window());
  }

  @org.junit.jupiter.api.Test
  void nemotronHCachesItsTenAttentionLayers() {
    ModelSpec s = Specs.shared("nvidia--Nemotron-H-56B-Base-8K");
    assertEquals(10, s.attentionLayers());
    assertEquals(10 * 2 * 8 * 128 * 2, io.hfvram.estimate.Estimator.kvBytesPerToken(s,
        DType.BF16));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("llamaFamily")
  void derivedCountEqualsPublished(String dir, long published) {
    ModelSpec spec = Specs.shared(dir);
    assertEquals(published, spec.parameters(), dir);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("llamaFamily")
  void headDimTimesHeadsIsTheQueryWidth(String dir, long published) {
    ModelSpec s = Specs.shared(dir);
    WeightGroup q = s.weights().stream()
        .filter(g -> g.module().equals("q_proj") || g.module().equals("qkv_proj"))
        .findFirst().orElseThrow();
    long expected = q.module().equals("q_proj") ? s.numAttentionHeads() * s.headDim()
        : (s.numAttentionHeads() + 2 * s.numKeyValueHeads()) * s.headDim();
    assertEquals(expected, q.outFeatures());
    assertTrue(s.numAttentionHeads() % s.numKeyValueHeads() == 0);
  }

  @org.junit.jupiter.api.Test
  void explicitHeadDimWinsOverHiddenOverHeads() {
    // Mistral-Nemo: 5120 / 32 = 160, but head_dim is 128 (INDEX.md); Qwen3-0.6B: 1024 / 16 = 64,
    // but head_dim is 128.
    ModelSpec nemo = Specs.shared("mistralai--Mistral-Nemo-Instruct-2407");
    assertEquals(128, nemo.headDim());
    assertEquals(2L * 40 * 8 * 128, nemo.cacheElementsPerToken());
    ModelSpec qwen = Specs.shared("Qwen--Qwen3-0.6B");
    assertEquals(128, qwen.headDim());
    assertTrue(qwen.tiedEmbeddings());
  }
}
