package io.hfvram.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Llama family over fixtures written from each architecture's published numbers. Expected
 * parameter counts are published figures (sources in docs/sources.md), not outputs of this code.
 */
final class DecoderMapperTest {

  static Stream<Arguments> publishedCounts() {
    return Stream.of(
        Arguments.of("meta-llama--Llama-2-70b-hf", 68_976_648_192L),
        Arguments.of("meta-llama--Llama-2-7b-hf", 6_738_415_616L),
        Arguments.of("meta-llama--Llama-3.1-8B", 8_030_261_248L),
        Arguments.of("google--gemma-2b", 2_506_172_416L),
        Arguments.of("google--gemma-2-9b", 9_241_705_984L),
        Arguments.of("mistralai--Mistral-7B-v0.1", 7_241_732_096L),
        Arguments.of("Qwen--Qwen3-0.6B", 596_049_920L),
        Arguments.of("Qwen--Qwen2.5-7B", 7_615_616_512L),
        Arguments.of("microsoft--Phi-3-mini-4k-instruct", 3_821_079_552L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedCounts")
  void derivedCountEqualsPublished(String dir, long published) {
    ModelSpec spec = Specs.fixture(dir);
    assertEquals(published, spec.parameters(), dir);
    assertEquals(ParameterSource.CONFIG, spec.parameterSource());
  }

  @Test
  void llama2_70bUsesGroupedQueryAttention() {
    ModelSpec s = Specs.fixture("meta-llama--Llama-2-70b-hf");
    assertEquals(64, s.numAttentionHeads());
    assertEquals(8, s.numKeyValueHeads());
    assertEquals(128, s.headDim());
    assertEquals(80, s.attentionLayers());
    assertFalse(s.tiedEmbeddings());
    assertEquals(DType.FP16, s.weightDtype());
  }

  @Test
  void llama2_7bWithoutKvKeyIsMultiHead() {
    ModelSpec s = Specs.fixture("meta-llama--Llama-2-7b-hf");
    assertEquals(32, s.numKeyValueHeads());
    assertTrue(
        s.assumptions().stream().anyMatch(a -> a.contains("num_key_value_heads")),
        "the default must be in the assumptions trail");
  }

  @Test
  void gemmaTiesEmbeddingsByClassDefault() {
    ModelSpec s = Specs.fixture("google--gemma-2b");
    assertTrue(s.tiedEmbeddings());
    assertEquals(256, s.headDim(), "explicit head_dim, not 2048/8");
    assertEquals(1, s.numKeyValueHeads());
    assertTrue(s.assumptions().stream().anyMatch(a -> a.contains("tie_word_embeddings")));
    assertTrue(s.weights().stream().noneMatch(g -> g.module().equals("lm_head")));
  }

  @Test
  void qwen3HeadDimDiffersFromHiddenOverHeads() {
    ModelSpec s = Specs.fixture("Qwen--Qwen3-0.6B");
    assertEquals(128, s.headDim());
    // Qwen3 report: 16 query heads of 128 on a 1024-wide model, so q_proj is 1024 -> 2048, not
    // the 1024 -> 1024 that hidden/heads = 64 would give.
    WeightGroup q =
        s.weights().stream().filter(g -> g.module().equals("q_proj")).findFirst().orElseThrow();
    assertEquals(1024, q.inFeatures());
    assertEquals(16 * 128, q.outFeatures());
    assertTrue(s.weights().stream().anyMatch(g -> g.module().equals("q_norm")));
  }

  @Test
  void qwen2HasQkvBiasesButNotOutputBias() {
    ModelSpec s = Specs.fixture("Qwen--Qwen2.5-7B");
    for (WeightGroup g : s.weights()) {
      if (g.module().equals("q_proj")
          || g.module().equals("k_proj")
          || g.module().equals("v_proj")) {
        assertTrue(g.bias(), g.module());
      }
      if (g.module().equals("o_proj")) {
        assertFalse(g.bias());
      }
    }
    // use_sliding_window false: every layer is full attention.
    assertTrue(s.cache().stream().allMatch(c -> c.kind() == CacheKind.ATTENTION));
  }

  @Test
  void mistralSlidingWindowAppliesToEveryLayer() {
    ModelSpec s = Specs.fixture("mistralai--Mistral-7B-v0.1");
    assertEquals(1, s.cache().size());
    CacheGroup g = s.cache().get(0);
    assertEquals(CacheKind.SLIDING, g.kind());
    assertEquals(4096, g.window());
    assertEquals(32, g.layers());
  }

  @Test
  void gemma2AlternatesSlidingAndFullLayers() {
    ModelSpec s = Specs.fixture("google--gemma-2-9b");
    long sliding =
        s.cache().stream()
            .filter(c -> c.kind() == CacheKind.SLIDING)
            .mapToLong(CacheGroup::layers)
            .sum();
    long full =
        s.cache().stream()
            .filter(c -> c.kind() == CacheKind.ATTENTION)
            .mapToLong(CacheGroup::layers)
            .sum();
    assertEquals(21, sliding);
    assertEquals(21, full);
  }

  @Test
  void phi3FusesProjections() {
    ModelSpec s = Specs.fixture("microsoft--Phi-3-mini-4k-instruct");
    assertTrue(s.weights().stream().anyMatch(g -> g.module().equals("qkv_proj")));
    assertTrue(s.weights().stream().anyMatch(g -> g.module().equals("gate_up_proj")));
    assertEquals(96, s.headDim());
  }
}
