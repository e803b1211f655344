package io.hfvram.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.core.Json;
import io.hfvram.estimate.Estimator;
import org.junit.jupiter.api.Test;

/**
 * The 2025-2026 families (issue 13): published parameter counts (docs/sources.md) and KV/state per
 * token worked out by hand from each architecture (docs/formulas.md).
 */
final class NewFamiliesTest {

  @Test
  void llama4ScoutMatchesTheHubCountAndChunksItsRopeLayers() {
    ModelSpec s = Specs.fixture("meta-llama--Llama-4-Scout-17B-16E-Instruct");
    assertEquals(108_641_793_536L, s.parameters());
    // 48 layers x 2 x 8 KV heads x 128 x 2 B = 196,608 B/token; 36 RoPE layers chunked at 8192.
    assertEquals(196_608, Estimator.kvBytesPerToken(s, DType.BF16));
    long perLayerToken = 2 * 8 * 128 * 2;
    assertEquals(
        12 * perLayerToken * 100_000 + 36 * perLayerToken * 8192,
        Estimator.kvCacheBytes(s, DType.BF16, 1, 100_000));
    // 17B active in the text stack: one routed expert of 16 plus the shared expert (model card)
    long vision =
        s.weights().stream()
            .filter(g -> g.role() == Role.VISION)
            .mapToLong(WeightGroup::parameters)
            .sum();
    assertEquals(17, Math.round((s.activeParameters() - vision) / 1e9));
  }

  @Test
  void qwen3NextCountsItsMtpLayerAndKeepsDeltaNetState() {
    ModelSpec s = Specs.fixture("Qwen--Qwen3-Next-80B-A3B-Instruct");
    assertEquals(81_324_862_720L, s.parameters());
    // MTP: fc 2 x 2048 x 2048 + 3 norms + gated attention 27,263,488 + MoE 1,614,809,088 + 2 norms
    assertEquals(1_650_471_424L, s.mtpParameters());
    assertEquals(79_674_391_296L, s.withoutMtp().parameters());
    // 12 full-attention layers x 2 x 2 KV heads x 256 x 2 B = 24,576 B/token
    assertEquals(24_576, Estimator.kvBytesPerToken(s, DType.BF16));
    // 36 DeltaNet layers x (32 x 128 x 128 + 8192 x 3) elements x 2 B, once per sequence
    long state = 36L * (32 * 128 * 128 + 8192 * 3) * 2;
    assertEquals(24_576L * 1000 + state, Estimator.kvCacheBytes(s, DType.BF16, 1, 1000));
  }

  @Test
  void qwen35MoeRoundsToItsPublishedSize() {
    ModelSpec s = Specs.fixture("Qwen--Qwen3.5-35B-A3B");
    // the name's 35B is the served model; the stored total adds the MTP layer
    assertEquals(35, Math.round(s.withoutMtp().parameters() / 1e9), "" + s.parameters());
    assertTrue(s.mtpParameters() > 0);
    // 10 gated-attention layers x 2 x 2 x 256 x 2 B
    assertEquals(20_480, Estimator.kvBytesPerToken(s, DType.BF16));
  }

  @Test
  void nemotron3NanoCountsItsMoeLayers() {
    ModelSpec s = Specs.fixture("nvidia--NVIDIA-Nemotron-3-Nano-30B-A3B-BF16");
    assertEquals(31.6, Math.round(s.parameters() / 1e8) / 10.0, "" + s.parameters());
    assertEquals(31_577_940_288L, s.parameters());
    // 6 attention layers x 2 x 2 KV heads x 128 x 2 B
    assertEquals(6_144, Estimator.kvBytesPerToken(s, DType.BF16));
  }

  @Test
  void whisperMatchesTheHubCountsAndCachesCrossAttentionOncePerSequence() {
    assertEquals(37_760_640L, Specs.fixture("openai--whisper-tiny").parameters());
    ModelSpec s = Specs.fixture("openai--whisper-large-v3");
    assertEquals(1_543_490_560L, s.parameters());
    // self-attention: 32 decoder layers x 2 x 1280 x 2 B = 163,840 B/token;
    // cross-attention: 32 x 2 x 1280 x 1500 frames x 2 B = 245,760,000 B per sequence
    assertEquals(163_840, Estimator.kvBytesPerToken(s, DType.FP16));
    assertEquals(163_840L * 448 + 245_760_000L, Estimator.kvCacheBytes(s, DType.FP16, 1, 448));
  }

  @Test
  void gemma3MatchesTheHubCounts() {
    ModelSpec one = Specs.fixture("google--gemma-3-1b-it");
    assertEquals(999_885_952L, one.parameters());
    // 26 layers, 5 local (512) : 1 global -> 4 global + 22 sliding, 1 KV head of 256
    long perLayer = 2 * 256 * 2;
    assertEquals(26 * perLayer, Estimator.kvBytesPerToken(one, DType.BF16));
    assertEquals(
        4 * perLayer * 32_768 + 22 * perLayer * 512,
        Estimator.kvCacheBytes(one, DType.BF16, 1, 32_768));
    assertEquals(4_300_079_472L, Specs.fixture("google--gemma-3-4b-it").parameters());
  }

  @Test
  void deepseekV3StoresItsMtpModule() {
    ModelSpec s = Specs.fixture("deepseek-ai--DeepSeek-V3");
    ModelSpec main = s.withoutMtp();
    assertEquals(671.0, Math.round(main.parameters() / 1e8) / 10.0, "" + main.parameters());
    long mtp = s.mtpParameters();
    long embedAndHead = 2L * 129_280 * 7168;
    assertEquals(1.85, Math.round(embedAndHead / 1e7) / 100.0);
    assertEquals(11.6, Math.round((mtp - embedAndHead) / 1e8) / 10.0, "" + mtp);
    long scales = blockScales(s, 128);
    assertEquals(41.5, Math.round(scales / 1e5) / 10.0, "" + scales);
    assertEquals(684.5, Math.round((s.parameters() + scales) / 1e8) / 10.0);
  }

  /** fp8 block scales: one per 128 x 128 block of every quantized matrix. */
  private static long blockScales(ModelSpec s, long side) {
    long n = 0;
    for (WeightGroup g : s.weights()) {
      if (g.role().quantizable() && g.isMatrix()) {
        n +=
            ((g.inFeatures() + side - 1) / side)
                * ((g.outFeatures() + side - 1) / side)
                * g.instances();
      }
    }
    return n;
  }

  @Test
  void deciBlocksPruneAttentionAndFfnPerLayer() throws Exception {
    // hidden 1024, 8 heads of 128, vocab 1000, untied. Block 0: 2 KV heads (group 4), ffn_mult
    // 2.625 -> int(2 x 2.625 x 1024 / 3) = 1792, a multiple of 256. Block 1: no attention,
    // linear FFN. Block 2: attention replaced by a linear, FFN ffn_mult 1.0 -> 682 -> 768.
    String json =
        "{\"model_type\":\"nemotron-nas\",\"hidden_size\":1024,"
            + "\"num_attention_heads\":8,\"vocab_size\":1000,\"tie_word_embeddings\":false,"
            + "\"block_configs\":[{\"attention\":{\"n_heads_in_group\":4},\"ffn\":{\"ffn_mult\":2.625}},"
            + "{\"attention\":{\"no_op\":true},\"ffn\":{\"replace_with_linear\":true}},"
            + "{\"attention\":{\"replace_with_linear\":true},\"ffn\":{\"ffn_mult\":1.0}}]}";
    ModelSpec s =
        ConfigMapper.map(
            Json.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "config.json");
    long h = 1024;
    long block0 = h + (h * h + 2 * h * 256 + h * h) + h + 3 * h * 1792;
    long block1 = h + h * h;
    long block2 = h + h * h + h + 3 * h * 768;
    assertEquals(2 * 1000 * h + h + block0 + block1 + block2, s.parameters());
    // only block 0 caches: 2 x 2 KV heads x 128 x 2 B
    assertEquals(1024, Estimator.kvBytesPerToken(s, DType.BF16));
  }

  @Test
  void genericMapperLooksInsideAnyWrapperAndUsesClassDefaults() throws Exception {
    String json =
        "{\"model_type\":\"someday_vl\",\"llm_config\":{\"hidden_size\":64,"
            + "\"num_hidden_layers\":2,\"num_attention_heads\":4,\"vocab_size\":100,"
            + "\"intermediate_size\":128,\"hidden_act\":\"silu\"}}";
    ModelSpec s =
        ConfigMapper.map(
            Json.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "config.json");
    long layer = 4 * 64 * 64 + 3 * 64 * 128 + 2 * 64;
    assertEquals(2 * 100 * 64 + 2 * layer + 64, s.parameters());
    String smol =
        "{\"model_type\":\"smollm3\",\"hidden_size\":64,\"num_hidden_layers\":2,"
            + "\"num_attention_heads\":4,\"vocab_size\":100,\"intermediate_size\":128,"
            + "\"hidden_act\":\"silu\"}";
    ModelSpec t =
        ConfigMapper.map(
            Json.parse(smol.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "config.json");
    assertTrue(t.tiedEmbeddings());
    assertEquals(100 * 64 + 2 * layer + 64, t.parameters());
  }
}
