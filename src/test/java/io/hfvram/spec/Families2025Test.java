package io.hfvram.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.estimate.Estimator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 2024-2026 families over fixtures written from their published architecture numbers: each
 * count is the hand count of docs/formulas.md, and it rounds to the published total (Hub
 * safetensors figure or model card, docs/sources.md) at the precision that total is given in.
 */
final class Families2025Test {

  static Stream<Arguments> families() {
    // fixture, hand count (docs/formulas.md), published billions, decimals published
    return Stream.of(
        Arguments.of("HuggingFaceTB--SmolLM3-3B", 3_075_098_624L, 3.08, 2),
        Arguments.of("ibm-granite--granite-3.3-8b-instruct", 8_170_864_640L, 8.17, 2),
        Arguments.of("ibm-granite--granite-3.3-2b-instruct", 2_533_539_840L, 2.53, 2),
        Arguments.of("allenai--OLMo-2-1124-7B", 7_298_617_344L, 7.3, 1),
        Arguments.of("allenai--Olmo-3-1025-7B", 7_298_011_136L, 7.3, 1),
        Arguments.of("zai-org--GLM-4-9B-0414", 9_400_279_040L, 9.4, 1),
        Arguments.of("CohereLabs--c4ai-command-r7b-12-2024", 8_028_033_024L, 8.03, 2),
        Arguments.of("CohereLabs--c4ai-command-r-v01", 34_980_831_232L, 35.0, 0),
        Arguments.of("bigcode--starcoder2-3b", 3_030_371_328L, 3.03, 2),
        Arguments.of("LGAI-EXAONE--EXAONE-4.0-1.2B", 1_279_391_488L, 1.28, 2),
        Arguments.of("LGAI-EXAONE--EXAONE-4.0-32B", 32_003_216_384L, 32.0, 1),
        Arguments.of("baidu--ERNIE-4.5-0.3B-PT", 360_748_032L, 0.36, 2),
        Arguments.of("allenai--OLMoE-1B-7B-0924", 6_919_161_856L, 6.92, 2),
        Arguments.of("ibm-granite--granite-3.1-3b-a800m-instruct", 3_298_793_472L, 3.3, 1),
        Arguments.of("mistralai--Mistral-Small-3.1-24B-Instruct-2503", 24_011_361_280L, 24.0, 1),
        Arguments.of("ibm-granite--granite-4.0-h-small", 32_207_337_984L, 32.2, 1),
        Arguments.of("LiquidAI--LFM2-1.2B", 1_170_340_608L, 1.17, 2),
        Arguments.of("baidu--ERNIE-4.5-21B-A3B-PT", 21_825_437_888L, 21.8, 1),
        Arguments.of("tiiuae--Falcon-H1-3B-Base", 3_149_256_192L, 3.15, 2),
        Arguments.of("tencent--Hunyuan-7B-Instruct", 7_504_568_320L, 7.5, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void countsAreTheHandCountAndRoundToThePublishedTotal(
      String dir, long hand, double billions, int decimals) {
    ModelSpec s = Specs.fixture(dir);
    assertEquals(hand, s.parameters(), dir);
    double scale = Math.pow(10, decimals);
    assertEquals(billions, Math.round(s.parameters() / 1e9 * scale) / scale, 1e-9, dir);
    assertTrue(s.assumptions().stream().noneMatch(a -> a.contains("approximate")), dir);
  }

  static Stream<Arguments> kvPerToken() {
    // fixture, layers x 2 x KV heads x head_dim x 2 bytes (bf16)
    return Stream.of(
        Arguments.of("HuggingFaceTB--SmolLM3-3B", 36 * 2 * 4 * 128 * 2),
        Arguments.of("ibm-granite--granite-3.3-8b-instruct", 40 * 2 * 8 * 128 * 2),
        Arguments.of("allenai--OLMo-2-1124-7B", 32 * 2 * 32 * 128 * 2),
        Arguments.of("allenai--Olmo-3-1025-7B", 32 * 2 * 32 * 128 * 2),
        Arguments.of("zai-org--GLM-4-9B-0414", 40 * 2 * 2 * 128 * 2),
        Arguments.of("zai-org--GLM-4.5-Air", 46 * 2 * 8 * 128 * 2),
        Arguments.of("CohereLabs--c4ai-command-r7b-12-2024", 32 * 2 * 8 * 128 * 2),
        Arguments.of("CohereLabs--c4ai-command-r-v01", 40 * 2 * 64 * 128 * 2),
        Arguments.of("bigcode--starcoder2-3b", 30 * 2 * 2 * 128 * 2),
        Arguments.of("LGAI-EXAONE--EXAONE-4.0-1.2B", 30 * 2 * 8 * 64 * 2),
        Arguments.of("LGAI-EXAONE--EXAONE-4.0-32B", 64 * 2 * 8 * 128 * 2),
        Arguments.of("baidu--ERNIE-4.5-0.3B-PT", 18 * 2 * 2 * 128 * 2),
        Arguments.of("allenai--OLMoE-1B-7B-0924", 16 * 2 * 16 * 128 * 2),
        Arguments.of("ibm-granite--granite-3.1-3b-a800m-instruct", 32 * 2 * 8 * 64 * 2),
        Arguments.of("mistralai--Mistral-Small-3.1-24B-Instruct-2503", 40 * 2 * 8 * 128 * 2),
        Arguments.of("ibm-granite--granite-4.0-h-small", 4 * 2 * 8 * 128 * 2),
        Arguments.of("LiquidAI--LFM2-1.2B", 6 * 2 * 8 * 64 * 2),
        Arguments.of("baidu--ERNIE-4.5-21B-A3B-PT", 28 * 2 * 4 * 128 * 2),
        Arguments.of("tiiuae--Falcon-H1-3B-Base", 32 * 2 * 2 * 128 * 2),
        Arguments.of("tencent--Hunyuan-7B-Instruct", 32 * 2 * 8 * 128 * 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kvPerToken")
  void kvBytesPerTokenFollowTheLayout(String dir, long bytes) {
    assertEquals(bytes, Estimator.kvBytesPerToken(Specs.fixture(dir), DType.BF16));
  }

  @Test
  void smollm3TiesItsEmbeddingsByDefault() {
    // The fixture has no tie_word_embeddings: SmolLM3Config's default (true) applies; untied it
    // would be 3,337,766,912 (8.5% high).
    ModelSpec s = Specs.fixture("HuggingFaceTB--SmolLM3-3B");
    assertTrue(s.tiedEmbeddings());
    assertTrue(s.assumptions().stream().anyMatch(a -> a.contains("SmolLM3Config default")));
    assertTrue(s.assumptions().stream().anyMatch(a -> a.contains("9 of 36 layers")));
  }

  @Test
  void glm45AirCountsItsStoredMtpLayer() {
    // Hub safetensors total 110,468,824,832 (docs/sources.md) = main model 106,852,251,264
    // (model card: 106B total, 12B active without embeddings) + one MTP layer 3,616,573,568.
    ModelSpec s = Specs.fixture("zai-org--GLM-4.5-Air");
    assertEquals(110_468_824_832L, s.parameters());
    assertEquals(3_616_573_568L, s.mtpParameters());
    ModelSpec main = s.withoutMtp();
    assertEquals(106_852_251_264L, main.parameters());
    assertEquals(106, main.parameters() / 1_000_000_000L);
    long embeddings = 2L * 151_552 * 4096;
    assertEquals(12, Math.round((main.activeParameters() - embeddings) / 1e9));
    assertTrue(s.assumptions().stream().anyMatch(a -> a.contains("multi-token-prediction")));
    assertEquals(46 * 2 * 8 * 128 * 2, Estimator.kvBytesPerToken(s, DType.BF16));
  }

  @Test
  void glm45CountsItsStoredMtpLayer() {
    // Hub safetensors total 358,337,791,296 = main model 352,797,829,024 (model card: 355B
    // total, 32B active) + one MTP layer 5,539,962,272 (q/k norms in every layer).
    ModelSpec s = Specs.fixture("zai-org--GLM-4.5");
    assertEquals(358_337_791_296L, s.parameters());
    assertEquals(5_539_962_272L, s.mtpParameters());
    ModelSpec main = s.withoutMtp();
    assertEquals(352_797_829_024L, main.parameters());
    assertEquals(32, Math.round((main.activeParameters() - 2L * 151_552 * 5120) / 1e9));
    assertEquals(92 * 2 * 8 * 128 * 2, Estimator.kvBytesPerToken(s, DType.BF16));
  }

  @Test
  void olmoeActiveParameters() {
    // OLMoE paper: 1.3B active of 6.9B.
    assertEquals(
        1.3,
        Math.round(Specs.fixture("allenai--OLMoE-1B-7B-0924").activeParameters() / 1e8) / 10.0);
  }

  @Test
  void slidingLayersHoldOnlyTheirWindow() {
    long perLayerToken = 2L * 32 * 128 * 2;
    // Olmo 3 7B: 8 full layers hold the whole sequence, 24 sliding layers 4096 tokens.
    assertEquals(
        8 * 65_536 * (2L * 32 * 128 * 2) + 24 * 4096 * (2L * 32 * 128 * 2),
        Estimator.kvCacheBytes(Specs.fixture("allenai--Olmo-3-1025-7B"), DType.BF16, 1, 65_536));
    // Command R7B: 8 global and 24 sliding (4096) layers of 8 KV heads.
    long r7b = 2L * 8 * 128 * 2;
    assertEquals(
        8 * 8192 * r7b + 24 * 4096 * r7b,
        Estimator.kvCacheBytes(
            Specs.fixture("CohereLabs--c4ai-command-r7b-12-2024"), DType.BF16, 1, 8192));
    // EXAONE 4.0 32B: "LLLG" gives 48 local (4096) and 16 global layers.
    long ex = 2L * 8 * 128 * 2;
    assertEquals(
        16 * 100_000 * ex + 48 * 4096 * ex,
        Estimator.kvCacheBytes(
            Specs.fixture("LGAI-EXAONE--EXAONE-4.0-32B"), DType.BF16, 1, 100_000));
    // StarCoder2-3B: every layer slides over 4096 tokens.
    assertEquals(
        30 * 4096 * (2L * 2 * 128 * 2),
        Estimator.kvCacheBytes(Specs.fixture("bigcode--starcoder2-3b"), DType.BF16, 1, 16_384));
    assertTrue(perLayerToken > 0);
  }

  @Test
  void mistral3CountsPixtralAndItsProjector() {
    // Pixtral tower 403,305,472 + projector 35,652,608 (docs/formulas.md).
    ModelSpec s = Specs.fixture("mistralai--Mistral-Small-3.1-24B-Instruct-2503");
    long vision =
        s.weights().stream()
            .filter(g -> g.role() == Role.VISION)
            .mapToLong(WeightGroup::parameters)
            .sum();
    assertEquals(403_305_472L + 35_652_608L, vision);
  }

  @Test
  void granite4HybridKeepsAMambaStatePerSequence() {
    // 36 Mamba-2 layers: conv (8192 + 2 x 128) x 3 + SSM 128 heads x 64 x 128 = 1,073,920
    // elements each; 4 attention layers cache 2 x 8 x 128 per token. Card: 9B active.
    ModelSpec s = Specs.fixture("ibm-granite--granite-4.0-h-small");
    long state = 36L * 1_073_920 * 2;
    assertEquals(
        state + 4L * 2 * 8 * 128 * 2 * 1000, Estimator.kvCacheBytes(s, DType.BF16, 1, 1000));
    assertEquals(9, Math.round(s.activeParameters() / 1e9));
  }

  @Test
  void lfm2ConvolutionLayersKeepTwoColumns() {
    // 10 conv layers x 2048 x (3 - 1) elements per sequence; 6 attention layers per token.
    ModelSpec s = Specs.fixture("LiquidAI--LFM2-1.2B");
    assertEquals(
        10L * 2048 * 2 * 2 + 6L * 2 * 8 * 64 * 2 * 100,
        Estimator.kvCacheBytes(s, DType.BF16, 1, 100));
  }

  @Test
  void minimaxM2() {
    // Model card: 230B total, 10B active (without embeddings); KV 62 x 2 x 8 x 128 x 2 B.
    ModelSpec s = Specs.fixture("MiniMaxAI--MiniMax-M2");
    assertEquals(228_689_764_864L, s.parameters());
    assertEquals(23, Math.round(s.parameters() / 1e10));
    assertEquals(10, Math.round((s.activeParameters() - 2L * 200_064 * 3072) / 1e9));
    assertEquals(62 * 2 * 8 * 128 * 2, Estimator.kvBytesPerToken(s, DType.BF16));
  }

  @Test
  void minimaxText01LinearLayersKeepAStateNotAKvCache() {
    // arXiv:2501.08313: 456B total, 45.9B activated (without embeddings). 10 softmax layers
    // cache 2 x 8 x 128 per token; 70 lightning layers hold 64 x 128 x 128 per sequence.
    ModelSpec s = Specs.fixture("MiniMaxAI--MiniMax-Text-01");
    assertEquals(456_089_655_296L, s.parameters());
    assertEquals(45.9, Math.round((s.activeParameters() - 2L * 200_064 * 6144) / 1e8) / 10.0);
    assertEquals(10 * 2 * 8 * 128 * 2, Estimator.kvBytesPerToken(s, DType.BF16));
    assertEquals(
        70L * 64 * 128 * 128 * 2 + 10L * 2 * 8 * 128 * 2 * 50,
        Estimator.kvCacheBytes(s, DType.BF16, 1, 50));
  }

  @Test
  void ernieMoeActivatesThreeBillion() {
    // Model card: 3B activated per token (without the tied embeddings).
    ModelSpec s = Specs.fixture("baidu--ERNIE-4.5-21B-A3B-PT");
    assertEquals(3, Math.round((s.activeParameters() - 103_424L * 2560) / 1e9));
  }

  @Test
  void deepseekV32AddsItsIndexerToTheV3Layout() throws Exception {
    // Per layer: wq_b 1536 x 64 x 128 + wk 7168 x 128 + k_norm 2 x 128 + weights_proj 7168 x 64
    // = 13,959,424 over the V3 layout, whose main model is 671B (model card; hand count
    // 671,026,404,352).
    ModelSpec s = Specs.fixture("deepseek-ai--DeepSeek-V3.2-Exp");
    Map<String, Object> v3 =
        new LinkedHashMap<>(
            castMap(
                Fixtures.parse(
                    Fixtures.model("deepseek-ai--DeepSeek-V3.2-Exp").resolve("config.json"))));
    v3.put("model_type", "deepseek_v3");
    v3.remove("index_n_heads");
    v3.remove("index_head_dim");
    v3.remove("index_topk");
    ModelSpec base = ConfigMapper.map(v3, "v3/config.json");
    // the stored V3 total includes its MTP module (NewFamiliesTest); the main model is 671B
    assertEquals(671_026_404_352L, base.withoutMtp().parameters());
    assertEquals(671, base.withoutMtp().parameters() / 1_000_000_000L);
    assertEquals(61L * 13_959_424, s.parameters() - base.parameters());
    // KV: the MLA latent (512 + 64) and one index key of 128 per layer, 2 B each.
    assertEquals(61 * (512 + 64) * 2 + 61 * 128 * 2, Estimator.kvBytesPerToken(s, DType.BF16));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object m) {
    return (Map<String, Object>) m;
  }

  @Test
  void falconH1KeepsKvAndAMambaStateInEveryLayer() {
    // 32 layers x (conv (4096 + 2 x 256) x 3 + SSM 32 x 128 x 256) = 1,062,400 elements each.
    ModelSpec s = Specs.fixture("tiiuae--Falcon-H1-3B-Base");
    assertEquals(
        32L * 1_062_400 * 2 + 32L * 2 * 2 * 128 * 2 * 10,
        Estimator.kvCacheBytes(s, DType.BF16, 1, 10));
  }

  @Test
  void hunyuanA13bReadsItsPerLayerExpertLists() {
    // Model card: 80B total, 13B active; KV 32 x 2 x 8 x 128 x 2 B.
    ModelSpec s = Specs.fixture("tencent--Hunyuan-A13B-Instruct");
    assertEquals(80_393_183_232L, s.parameters());
    assertEquals(80, Math.round(s.parameters() / 1e9));
    assertEquals(13, Math.round(s.activeParameters() / 1e9));
    assertEquals(32 * 2 * 8 * 128 * 2, Estimator.kvBytesPerToken(s, DType.BF16));
  }
}
