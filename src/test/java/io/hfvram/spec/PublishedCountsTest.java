package io.hfvram.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.core.HfVramException;
import io.hfvram.estimate.Estimator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The families of the real-config corpus (../shared/configs, INDEX.md) over fixtures written for
 * this project from each architecture's published dimensions, so that every clone runs them.
 * Expected figures are published (docs/sources.md says where each was read), never outputs of this
 * code. {@link SharedConfigsTest} checks, where ../shared exists, that the real files map to the
 * same specs as these fixtures.
 */
final class PublishedCountsTest {

  static Stream<Arguments> exact() {
    // The Llama-2, Llama-3.1-8B, gemma-2b, Mistral-7B, Qwen2.5-7B, Qwen3-0.6B and Phi-3-mini
    // counts of this corpus are in DecoderMapperTest.
    return Stream.of(
        Arguments.of("meta-llama--Llama-3.2-1B", 1_235_814_400L),
        Arguments.of("meta-llama--Llama-3.2-3B", 3_212_749_824L),
        Arguments.of("mistralai--Mistral-Nemo-Instruct-2407", 12_247_782_400L),
        Arguments.of("Qwen--Qwen3-8B", 8_190_735_360L),
        Arguments.of("openai--gpt-oss-20b", 20_914_757_184L),
        Arguments.of("google--medgemma-27b-it", 27_432_406_640L),
        Arguments.of("aiplanet--LuxLlama", 8_030_261_248L),
        Arguments.of("microsoft--phi-2", 2_779_683_840L),
        Arguments.of("google-bert--bert-base-uncased-pretraining", 110_106_428L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exact")
  void derivedCountEqualsPublished(String dir, long published) {
    assertEquals(published, Specs.fixture(dir).parameters(), dir);
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
    double derived = Specs.fixture(dir).parameters() / unit;
    double scale = Math.pow(10, decimals);
    assertEquals(size, Math.round(derived * scale) / scale, 1e-9, dir + ": " + derived);
    if (decimals > 0 || size >= 100) {
      // A figure stated to three significant digits must agree within 0.5%; a bare "56B" in a
      // model's name (Nemotron-H, where INDEX.md lists no published count) only rounds.
      assertTrue(Math.abs(derived - size) / size < 0.005, dir + " within 0.5%");
    }
  }

  @Test
  void activeParametersOfMixtures() {
    // Mixtral "12.9B active" (INDEX.md): stated to one decimal, so it must round to it.
    assertEquals(
        12.9,
        Math.round(Specs.fixture("mistralai--Mixtral-8x7B-v0.1").activeParameters() / 1e8) / 10.0);
    // The Qwen3 card says "3.3B activated"; we count 3.35B with embeddings and lm_head.
    assertEquals(3.3, Specs.fixture("Qwen--Qwen3-30B-A3B").activeParameters() / 1e9, 0.06);
    // DeepSeek-V3: "37B activated"; we count 37.55B with embeddings and the output head.
    // Without its MTP module (not served unless speculative decoding is on): 671B total.
    ModelSpec v3 = Specs.fixture("deepseek-ai--DeepSeek-V3").withoutMtp();
    assertEquals(37, v3.activeParameters() / 1e9, 0.7);
    assertEquals(671, Math.round(v3.parameters() / 1e9));
  }

  @Test
  void bertCountsTheHeadsItsArchitectureNames() {
    // The Hub checkpoint (110,106,428, INDEX.md) holds BertForPreTraining's heads. The same
    // dimensions under BertModel count 109,482,240: 110,106,428 minus the MLM transform
    // (768 x 768 + 768, LayerNorm 2 x 768), its output bias (30,522) and the NSP head
    // (768 x 2 + 2): 624,188.
    Path p = Fixtures.model("google-bert--bert-base-uncased").resolve("config.json");
    assertEquals(
        110_106_428L - (768 * 768 + 768 + 2 * 768 + 30_522 + 768 * 2 + 2),
        Specs.map(p).parameters(),
        "BertModel");
    @SuppressWarnings("unchecked")
    Map<String, Object> cfg = new LinkedHashMap<>((Map<String, Object>) Fixtures.parse(p));
    cfg.put("architectures", List.of("BertForPreTraining"));
    try {
      assertEquals(110_106_428L, ConfigMapper.map(cfg, p.toString()).parameters());
    } catch (HfVramException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  @Test
  void everyFixtureMapsWithPositiveFigures() throws Exception {
    int n = 0;
    try (Stream<Path> dirs = Files.list(Fixtures.path("models"))) {
      for (Path d : (Iterable<Path>) dirs.sorted()::iterator) {
        Path cfg = d.resolve("config.json");
        if (!Files.isRegularFile(cfg)) {
          continue;
        }
        ModelSpec s = Specs.map(cfg);
        assertTrue(s.parameters() > 0 && s.hiddenSize() > 0, d.toString());
        n++;
      }
    }
    assertTrue(n >= 55, "mapped " + n + " fixtures");
  }

  @Test
  void deepSeekV3MlaCacheIs70272BytesPerToken() {
    // Issue 4: (512 + 64) x 61 x 2 = 70,272 B/token in bf16 (hf-mem-ts works 32,768 tokens to
    // 2,302,672,896 B, peers.md).
    ModelSpec s = Specs.fixture("deepseek-ai--DeepSeek-V3");
    assertEquals(70_272, Estimator.kvBytesPerToken(s, DType.BF16));
    assertEquals(2_302_672_896L, Estimator.kvCacheBytes(s, DType.BF16, 1, 32_768));
  }

  @Test
  void gptOssSlidingLayersHoldAt128Tokens() {
    ModelSpec s = Specs.fixture("openai--gpt-oss-20b");
    // Model card: 24 layers, 8 KV heads of 64, alternating 128-token banded and dense layers:
    // 24 x 2 x 8 x 64 x 2 B = 49,152 B/token; the 12 banded layers cap at 128 tokens.
    assertEquals(49_152, Estimator.kvBytesPerToken(s, DType.BF16));
    long perLayerToken = 2 * 8 * 64 * 2;
    assertEquals(
        12 * perLayerToken * 8192 + 12 * perLayerToken * 128,
        Estimator.kvCacheBytes(s, DType.BF16, 1, 8192));
  }

  @Test
  void gemma3SlidingWindowFromLayerTypes() {
    // Gemma 3 report: 5 local (1024-token) layers per global one; 62 layers = 52 local + 10.
    ModelSpec s = Specs.fixture("google--medgemma-27b-it");
    long sliding =
        s.cache().stream()
            .filter(g -> g.kind() == CacheKind.SLIDING)
            .mapToLong(CacheGroup::layers)
            .sum();
    assertEquals(52, sliding);
    assertEquals(
        1024,
        s.cache().stream()
            .filter(g -> g.kind() == CacheKind.SLIDING)
            .findFirst()
            .orElseThrow()
            .window());
  }

  @Test
  void nemotronHCachesItsTenAttentionLayers() {
    // Nemotron-H report: 10 self-attention layers with 8 KV heads of 128.
    ModelSpec s = Specs.fixture("nvidia--Nemotron-H-56B-Base-8K");
    assertEquals(10, s.attentionLayers());
    assertEquals(10 * 2 * 8 * 128 * 2, Estimator.kvBytesPerToken(s, DType.BF16));
  }

  static Stream<Arguments> attentionShapes() {
    // model, then query heads, KV heads and head width as published (model cards, papers and
    // INDEX.md notes; Phi-3-mini: 3072 / 32 = 96).
    return Stream.of(
        Arguments.of("meta-llama--Llama-2-70b-hf", 64, 8, 128),
        Arguments.of("meta-llama--Llama-2-7b-hf", 32, 32, 128),
        Arguments.of("meta-llama--Llama-3.1-8B", 32, 8, 128),
        Arguments.of("meta-llama--Llama-3.2-1B", 32, 8, 64),
        Arguments.of("meta-llama--Llama-3.2-3B", 24, 8, 128),
        Arguments.of("google--gemma-2b", 8, 1, 256),
        Arguments.of("mistralai--Mistral-7B-v0.1", 32, 8, 128),
        Arguments.of("mistralai--Mistral-Nemo-Instruct-2407", 32, 8, 128),
        Arguments.of("Qwen--Qwen2.5-7B", 28, 4, 128),
        Arguments.of("Qwen--Qwen3-0.6B", 16, 8, 128),
        Arguments.of("Qwen--Qwen3-8B", 32, 8, 128),
        Arguments.of("microsoft--Phi-3-mini-4k-instruct", 32, 32, 96));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attentionShapes")
  void queryProjectionHasThePublishedWidth(String dir, long heads, long kvHeads, long headDim) {
    ModelSpec s = Specs.fixture(dir);
    assertEquals(heads, s.numAttentionHeads(), "heads");
    assertEquals(kvHeads, s.numKeyValueHeads(), "KV heads");
    assertEquals(headDim, s.headDim(), "head_dim");
    WeightGroup q =
        s.weights().stream()
            .filter(g -> g.module().equals("q_proj") || g.module().equals("qkv_proj"))
            .findFirst()
            .orElseThrow();
    long expected = q.module().equals("q_proj") ? heads * headDim : (heads + 2 * kvHeads) * headDim;
    assertEquals(expected, q.outFeatures(), q.module());
  }

  @Test
  void explicitHeadDimWinsOverHiddenOverHeads() {
    // Mistral-Nemo: 5120 / 32 = 160, but head_dim is 128 (INDEX.md): 40 layers x 2 x 8 x 128.
    ModelSpec nemo = Specs.fixture("mistralai--Mistral-Nemo-Instruct-2407");
    assertEquals(2L * 40 * 8 * 128, nemo.cacheElementsPerToken());
    // Qwen3-0.6B: 1024 / 16 = 64, but head_dim is 128; embeddings tied (Qwen3 report).
    ModelSpec qwen = Specs.fixture("Qwen--Qwen3-0.6B");
    assertEquals(128, qwen.headDim());
    assertTrue(qwen.tiedEmbeddings());
  }
}
