package io.hfvram.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.estimate.Estimator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The embedding encoders people use most (xlm-roberta, distilbert, mpnet, nomic_bert) against Hub
 * safetensors totals (the Hub API's safetensors.total, docs/sources.md), counted by hand below.
 */
final class EmbeddingEncodersTest {

  static Stream<Arguments> published() {
    // fixture, Hub safetensors total (exact)
    return Stream.of(
        Arguments.of("FacebookAI--xlm-roberta-base", 278_885_778L),
        Arguments.of("intfloat--multilingual-e5-large-instruct", 559_890_432L),
        Arguments.of("BAAI--bge-reranker-v2-m3", 567_755_777L),
        Arguments.of("distilbert--distilbert-base-multilingual-cased", 135_445_755L),
        Arguments.of("nomic-ai--nomic-embed-text-v1.5", 136_731_648L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("published")
  void countsAreTheHubTotals(String dir, long total) {
    ModelSpec s = Specs.fixture(dir);
    assertEquals(total, s.parameters(), dir);
    assertTrue(s.assumptions().stream().noneMatch(a -> a.contains("approximate")), dir);
    assertEquals(0, Estimator.kvBytesPerToken(s, DType.BF16), dir + ": no KV cache");
  }

  @Test
  void xlmRobertaBaseStoresThePoolerAndTheMaskedLmHead() {
    // embeddings 250002 x 768 + 514 x 768 + 768 + LN 1536 = 192,398,592; 12 layers of 7,087,872;
    // pooler 590,592; lm_head dense 590,592 + LN 1536 + bias 250,002.
    long encoder = 192_398_592L + 12 * 7_087_872L;
    assertEquals(
        encoder + 590_592 + 590_592 + 1536 + 250_002,
        Specs.fixture("FacebookAI--xlm-roberta-base").parameters());
  }

  @Test
  void xlmRobertaHeadsFollowTheArchitecture() {
    Map<String, Object> c = config(1024, 24, 16, 4096, 8194);
    long encoder = 264_395_776L + 24 * 12_596_224L;
    c.put("architectures", List.of("XLMRobertaModel"));
    // bge-m3 / snowflake-arctic-embed-l-v2.0: Hub total 567,754,752 (encoder + pooler)
    assertEquals(567_754_752L, map(c).parameters());
    c.put("architectures", List.of("XLMRobertaForSequenceClassification"));
    c.put("num_labels", 3L);
    assertEquals(encoder + 1024 * 1024 + 1024 + 3 * 1024 + 3, map(c).parameters());
    c.put("architectures", List.of("XLMRobertaForTokenClassification"));
    assertEquals(encoder + 3 * 1024 + 3, map(c).parameters());
  }

  @Test
  void distilbertHeads() {
    // distilbert-base-uncased shapes: 6 layers x 768, vocab 30522 -> 66,362,880 in the encoder.
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model_type", "distilbert");
    c.put("vocab_size", 30522L);
    c.put("architectures", List.of("DistilBertModel"));
    assertEquals(66_362_880L, map(c).parameters());
    c.put("architectures", List.of("DistilBertForSequenceClassification"));
    c.put("id2label", Map.of("0", "NEGATIVE", "1", "POSITIVE"));
    assertEquals(66_362_880L + 590_592 + 1538, map(c).parameters());
    c.put("architectures", List.of("DistilBertForMaskedLM"));
    assertEquals(66_362_880L + 590_592 + 1536 + 30522, map(c).parameters());
  }

  @Test
  void mpnetIsTheHubTotalLessItsPositionIdsBuffer() {
    // all-mpnet-base-v2: Hub total 109,486,978 counts the 514-element int64 position_ids buffer
    // that older transformers saved; the parameters are 23,841,024 (embeddings) + 12 x 7,087,872
    // + 384 (32 buckets x 12 heads) + 590,592 (pooler).
    ModelSpec s = Specs.fixture("sentence-transformers--all-mpnet-base-v2");
    assertEquals(23_841_024L + 12 * 7_087_872L + 384 + 590_592, s.parameters());
    assertEquals(109_486_978L - 514, s.parameters());
  }

  @Test
  void nomicBertHasNoPositionTableAndNoBiases() {
    // 30528 x 768 + 2 x 768 + LN 1536; per layer Wqkv 768 x 2304, out 768 x 768, SwiGLU
    // 2 x 768 x 3072 + 3072 x 768, two LNs: 9,440,256.
    assertEquals(
        30528L * 768 + 2 * 768 + 1536 + 12 * 9_440_256L,
        Specs.fixture("nomic-ai--nomic-embed-text-v1.5").parameters());
  }

  private static Map<String, Object> config(long h, long layers, long heads, long f, long pos) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model_type", "xlm-roberta");
    c.put("hidden_size", h);
    c.put("num_hidden_layers", layers);
    c.put("num_attention_heads", heads);
    c.put("intermediate_size", f);
    c.put("max_position_embeddings", pos);
    c.put("type_vocab_size", 1L);
    c.put("vocab_size", 250_002L);
    return c;
  }

  private static ModelSpec map(Map<String, Object> c) {
    try {
      return ConfigMapper.map(c, "test/config.json");
    } catch (InvalidConfigException | UnsupportedModelException e) {
      throw new AssertionError(e);
    }
  }
}
