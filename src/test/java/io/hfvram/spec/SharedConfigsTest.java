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
