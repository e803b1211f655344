package io.hfvram.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.estimate.Estimator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every family over fixtures written from published architecture numbers. Expected counts are
 * published figures (docs/sources.md): exact where the source gives the exact count, else within
 * the rounding of the published size.
 */
final class ArchitecturesTest {

  static Stream<Arguments> exact() {
    return Stream.of(
        Arguments.of("Qwen--Qwen1.5-MoE-A2.7B", 14_315_784_192L),
        Arguments.of("deepseek-ai--DeepSeek-V2-Lite", 15_706_484_224L),
        Arguments.of("state-spaces--mamba-130m-hf", 129_135_360L),
        Arguments.of("state-spaces--mamba-1.4b-hf", 1_372_178_432L),
        Arguments.of("bigscience--bloom-560m", 559_214_592L),
        Arguments.of("mosaicml--mpt-7b", 6_649_286_656L),
        Arguments.of("facebook--opt-125m", 125_239_296L),
        Arguments.of("facebook--bart-large", 406_291_456L),
        Arguments.of("FacebookAI--roberta-base", 124_645_632L),
        Arguments.of("google-bert--bert-base-uncased-pretraining", 110_106_428L),
        Arguments.of("Qwen--Qwen2.5-VL-7B-Instruct", 8_292_166_656L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exact")
  void exactPublishedCounts(String dir, long published) {
    assertEquals(published, Specs.fixture(dir).parameters());
  }

  static Stream<Arguments> rounded() {
    // model, published total in billions as stated, decimals it is stated to
    return Stream.of(
        Arguments.of("ai21labs--Jamba-v0.1", 52.0, 0),
        Arguments.of("microsoft--Phi-3.5-MoE-instruct", 41.9, 1),
        Arguments.of("databricks--dbrx-base", 132.0, 0),
        Arguments.of("tiiuae--falcon-mamba-7b", 7.27, 2),
        Arguments.of("mistralai--Mamba-Codestral-7B-v0.1", 7.29, 2),
        Arguments.of("bigcode--starcoder", 15.5, 1),
        Arguments.of("EleutherAI--gpt-j-6b", 6.05, 2),
        Arguments.of("tiiuae--falcon-40b", 41.3, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rounded")
  void countsRoundToThePublishedSize(String dir, double billions, int decimals) {
    double derived = Specs.fixture(dir).parameters() / 1e9;
    double scale = Math.pow(10, decimals);
    assertEquals(billions, Math.round(derived * scale) / scale, 1e-9, dir + ": " + derived);
  }

  @Test
  void activeParametersOfMixturesOfExperts() {
    // Phi-3.5-MoE model card: 6.6B active; DBRX blog: 36B active; Jamba card: 12B active;
    // Qwen1.5-MoE-A2.7B: 2.7B activated parameters (Qwen blog), embeddings included.
    assertEquals(6.6, round1(Specs.fixture("microsoft--Phi-3.5-MoE-instruct").activeParameters()));
    assertEquals(36, Math.round(Specs.fixture("databricks--dbrx-base").activeParameters() / 1e9));
    assertEquals(12, Math.round(Specs.fixture("ai21labs--Jamba-v0.1").activeParameters() / 1e9));
    assertEquals(2.7, round1(Specs.fixture("Qwen--Qwen1.5-MoE-A2.7B").activeParameters()));
  }

  private static double round1(long n) {
    return Math.round(n / 1e8) / 10.0;
  }

  @Test
  void mlaCachesTheLatentAndTheRopeKey() {
    // DeepSeek-V2-Lite: (kv_lora_rank 512 + rope 64) x 27 layers x 2 B = 31,104 B/token.
    ModelSpec s = Specs.fixture("deepseek-ai--DeepSeek-V2-Lite");
    assertEquals(31_104, Estimator.kvBytesPerToken(s, DType.BF16));
    assertEquals(CacheKind.MLA, s.cache().get(0).kind());
  }

  @Test
  void stateSpaceModelsKeepAConstantState() {
    // mamba-130m: per layer d_inner x (conv - 1) + d_inner x state = 1536 x 3 + 1536 x 16
    // = 29,184 elements; x 24 layers x 4 B (fp32) = 2,801,664 B per sequence, at any length.
    ModelSpec s = Specs.fixture("state-spaces--mamba-130m-hf");
    assertEquals(0, Estimator.kvBytesPerToken(s, DType.FP32));
    assertEquals(2_801_664L, Estimator.kvCacheBytes(s, DType.FP32, 1, 10));
    assertEquals(2_801_664L, Estimator.kvCacheBytes(s, DType.FP32, 1, 100_000));
    assertEquals(2 * 2_801_664L, Estimator.kvCacheBytes(s, DType.FP32, 2, 100_000));
  }

  @Test
  void jambaCachesOnlyItsAttentionLayers() {
    // 32 layers, attention every 8th from offset 4: 4 layers x 2 x 8 KV heads x 128 x 2 B.
    ModelSpec s = Specs.fixture("ai21labs--Jamba-v0.1");
    assertEquals(4 * 2 * 8 * 128 * 2, Estimator.kvBytesPerToken(s, DType.BF16));
    assertTrue(s.cache().stream().anyMatch(g -> g.kind() == CacheKind.STATE && g.layers() == 28));
  }

  @Test
  void multiQueryModelsCacheOneHead() {
    // StarCoder: 2 x 40 layers x 1 KV head x 128 x 2 B = 20,480 B/token.
    assertEquals(
        20_480, Estimator.kvBytesPerToken(Specs.fixture("bigcode--starcoder"), DType.FP16));
  }

  @Test
  void opt13bKvMatchesThePagedAttentionPaper() {
    // vLLM paper (arXiv:2309.06180, section 3): 2 x 5120 x 40 x 2 B = 800 KB per token.
    assertEquals(
        819_200, Estimator.kvBytesPerToken(Specs.fixture("facebook--opt-13b"), DType.FP16));
  }

  @Test
  void encoderDecodersCacheSelfAndCrossAttention() {
    // BART-large: 12 decoder layers x 2 x 1024 x 2 B for self-attention, and as much again for
    // the cross-attention K/V of each encoder token.
    ModelSpec s = Specs.fixture("facebook--bart-large");
    assertEquals(2 * 12 * 2 * 1024 * 2, Estimator.kvBytesPerToken(s, DType.FP16));
    assertEquals(2L * 12 * 2 * 1024 * 2 * 100, Estimator.kvCacheBytes(s, DType.FP16, 1, 100));
  }

  @Test
  void encoderOnlyModelsHaveNoCache() {
    ModelSpec s = Specs.fixture("FacebookAI--roberta-base");
    assertEquals(0, Estimator.kvCacheBytes(s, DType.FP32, 8, 512));
  }

  @Test
  void unknownModelTypeGoesThroughTheGenericMapper() {
    ModelSpec s = Specs.fixture("example--unknown-arch");
    assertEquals(6_738_415_616L, s.parameters(), "Llama-2-7B's numbers under another name");
    assertTrue(s.assumptions().stream().anyMatch(a -> a.contains("approximate")));
  }

  @Test
  void unreadableUnknownConfigNamesEveryMissingKey() throws Exception {
    InvalidConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvalidConfigException.class,
            () ->
                ConfigMapper.map(
                    java.util.Map.of("model_type", "frob", "hidden_size", 64L), "x/config.json"));
    assertTrue(e.getMessage().contains("num_hidden_layers"), e.getMessage());
    assertTrue(e.getMessage().contains("num_attention_heads"), e.getMessage());
    assertTrue(e.getMessage().contains("vocab_size"), e.getMessage());
  }

  @Test
  void mllamaCountsItsVisionTowerAndCrossAttentionState() throws Exception {
    java.util.Map<String, Object> cfg = new java.util.LinkedHashMap<>();
    cfg.put("model_type", "mllama");
    java.util.Map<String, Object> text = new java.util.LinkedHashMap<>();
    text.put("model_type", "mllama_text_model");
    text.put("hidden_size", 4096L);
    text.put("num_hidden_layers", 40L);
    text.put("num_attention_heads", 32L);
    text.put("num_key_value_heads", 8L);
    text.put("intermediate_size", 14336L);
    text.put("vocab_size", 128256L);
    text.put("cross_attention_layers", java.util.List.of(3L, 8L, 13L, 18L, 23L, 28L, 33L, 38L));
    cfg.put("text_config", text);
    java.util.Map<String, Object> vision = new java.util.LinkedHashMap<>();
    vision.put("hidden_size", 1280L);
    vision.put("num_hidden_layers", 32L);
    vision.put("image_size", 560L);
    vision.put("patch_size", 14L);
    cfg.put("vision_config", vision);
    ModelSpec s = ConfigMapper.map(cfg, "mllama/config.json");
    // Llama-3.2-11B-Vision: 10.6B published (model card "11B"); our vision tower is approximate.
    assertEquals(10.6, s.parameters() / 1e9, 0.3);
    assertEquals(32 * 2 * 8 * 128 * 2, Estimator.kvBytesPerToken(s, DType.BF16));
  }
}
