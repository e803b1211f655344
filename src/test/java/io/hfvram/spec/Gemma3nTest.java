package io.hfvram.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gemma 3n against the Hub's safetensors totals (HF API {@code ?expand[]=safetensors}, bf16):
 * google/gemma-3n-E2B-it 5,439,438,272 and google/gemma-3n-E4B-it 7,849,978,192.
 */
class Gemma3nTest {
  @Test
  void e2bMatchesItsPublishedTotal() {
    ModelSpec s = Specs.fixture("google--gemma-3n-E2B-it");
    assertEquals(5_439_438_272L, s.parameters());
    assertEquals(ParameterSource.CONFIG, s.parameterSource());
  }

  @Test
  void e4bMatchesItsPublishedTotalWithTheSameTowers() {
    assertEquals(7_849_978_192L, Specs.fixture("google--gemma-3n-E4B-it").parameters());
  }

  @Test
  void textStackByHand() {
    ModelSpec s = Specs.fixture("google--gemma-3n-E2B-it");
    long text = 0;
    for (WeightGroup g : s.weights()) {
      if (g.role() != Role.VISION) {
        text += g.parameters();
      }
    }
    // embed 262400x2048 + per-layer embed 262144x(30x256) + projection 2048x7680 + norm 256
    // + AltUp 6x2048^2 + final norm 2048 + 30 layers x 62,153,296
    long perLayer =
        10_485_760
            + 512
            + 3L * 2048 * 8192
            + 8 * 2048
            + 16
            + 64
            + 4 * 2048
            + 2L * 64 * 2048
            + 2L * 2048 * 256;
    assertEquals(62_153_296L, perLayer);
    assertEquals(
        537_395_200L + 2_013_265_920L + 15_728_640L + 256 + 25_165_824L + 2048 + 30 * perLayer,
        text);
  }

  @Test
  void sharedKvLayersKeepNoCache() {
    // 30 layers, the last 10 share: 20 own a cache, 4 of them global; 2 KV heads x 256
    ModelSpec e2b = Specs.fixture("google--gemma-3n-E2B-it");
    assertEquals(
        List.of(CacheGroup.attention(4, 2, 256, 256), CacheGroup.sliding(16, 2, 256, 256, 512)),
        e2b.cache());
    assertEquals(20L * 2 * 2 * 256, e2b.cacheElementsPerToken());
    // E4B: 35 layers, 15 shared, again 20 with a cache
    ModelSpec e4b = Specs.fixture("google--gemma-3n-E4B-it");
    assertEquals(20_480, e4b.cacheElementsPerToken());
    assertEquals(20, e4b.attentionLayers());
    assertTrue(
        e4b.assumptions().toString().contains("last 15 layers reuse"),
        e4b.assumptions().toString());
  }

  @Test
  void textOnlyConfigMaps() throws Exception {
    ModelSpec s =
        ConfigMapper.map(
            java.util.Map.of(
                "model_type",
                "gemma3n_text",
                "num_hidden_layers",
                5L,
                "num_kv_shared_layers",
                2L,
                "intermediate_size",
                512L,
                "hidden_size",
                64L,
                "head_dim",
                16L),
            "c.json");
    assertEquals(3L * 2 * 2 * 16, s.cacheElementsPerToken());
    assertTrue(s.weights().stream().noneMatch(g -> g.role() == Role.VISION));
  }
}
