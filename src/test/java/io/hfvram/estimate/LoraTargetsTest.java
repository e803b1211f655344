package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LoRA target names as PEFT takes them, per architecture, against counts worked by hand from the
 * fixtures' architectures: an adapted {@code in x out} linear adds {@code r x (in + out)}.
 */
final class LoraTargetsTest {
  private static final ModelSpec MIXTRAL = Specs.fixture("mistralai--Mixtral-8x7B-v0.1");

  // Mixtral-8x7B, r=16: hidden 4096, 32 layers, 32 query / 8 kv heads of 128, experts 8 x 14336.
  // q, o: 16 x (4096 + 4096) = 131,072 each; k, v: 16 x (4096 + 1024) = 81,920 each.
  private static final long MIXTRAL_ATTENTION = 32L * (2 * 131_072 + 2 * 81_920);
  // w1, w3: 16 x (4096 + 14336) = 294,912 each; w2: 16 x (14336 + 4096) = 294,912.
  private static final long MIXTRAL_W1 = 32L * 8 * 294_912;
  // The router (block_sparse_moe.gate): 16 x (4096 + 8) = 65,664.
  private static final long MIXTRAL_ROUTER = 32L * 65_664;

  @Test
  void mixtralDefaultAdaptsAttentionAndEveryExpert() {
    assertEquals(13_631_488L, MIXTRAL_ATTENTION);
    assertEquals(MIXTRAL_ATTENTION, Lora.trainable(MIXTRAL, 16, qkvo()));
    assertEquals(240_123_904L, MIXTRAL_ATTENTION + 3 * MIXTRAL_W1);
    assertEquals(240_123_904L, Lora.trainable(MIXTRAL, 16, List.of()));
  }

  @Test
  void mixtralTakesPeftExpertNames() {
    assertEquals(75_497_472L, MIXTRAL_W1);
    assertEquals(MIXTRAL_W1, Lora.trainable(MIXTRAL, 16, List.of("w1")));
    assertEquals(3 * MIXTRAL_W1, Lora.trainable(MIXTRAL, 16, List.of("w1", "w2", "w3")));
    assertEquals(MIXTRAL_W1, Lora.trainable(MIXTRAL, 16, List.of("block_sparse_moe.experts.0.w1")));
    assertEquals(MIXTRAL_ROUTER, Lora.trainable(MIXTRAL, 16, List.of("gate")));
    assertEquals(List.of(), Lora.unknownTargets(MIXTRAL, List.of("W1", "w2", "w3", "gate")));
  }

  @Test
  void allLinearIsEveryLinearButTheHead() {
    // PEFT's all-linear: the router is a Linear too; lm_head and the embeddings are not adapted.
    assertEquals(242_225_152L, Lora.trainable(MIXTRAL, 16, List.of("all-linear")));
    assertEquals(
        MIXTRAL_ATTENTION + 3 * MIXTRAL_W1 + MIXTRAL_ROUTER,
        Lora.trainable(MIXTRAL, 16, List.of("all-linear")));
    ModelSpec llama = Specs.fixture("meta-llama--Llama-2-7b-hf");
    assertEquals(39_976_960L, Lora.trainable(llama, 16, List.of("all-linear")));
  }

  @Test
  void unknownNameIsRefusedWithTheModelsNames() {
    assertEquals(List.of("gate_up"), Lora.unknownTargets(MIXTRAL, List.of("q_proj", "gate_up")));
    assertEquals(
        "[gate, k_proj, lm_head, o_proj, q_proj, v_proj, w1, w2, w3]",
        Lora.moduleNames(MIXTRAL).toString());
    ModelSpec llama = Specs.fixture("meta-llama--Llama-2-7b-hf");
    assertEquals(List.of("w1"), Lora.unknownTargets(llama, List.of("w1")));
  }

  @Test
  void theOutputHeadIsAdaptedOnlyWhenNamed() {
    // PEFT: all-linear leaves the output layer out; naming lm_head (torchtune's
    // apply_lora_to_output) adds r x (4096 + 32000) for Llama-2-7B
    ModelSpec llama = Specs.fixture("meta-llama--Llama-2-7b-hf");
    List<String> all =
        List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");
    long base = Lora.trainable(llama, 8, all);
    assertEquals(19_988_480L, base);
    List<String> withHead = new ArrayList<>(all);
    withHead.add("lm_head");
    assertEquals(base + 8L * (4096 + 32000), Lora.trainable(llama, 8, withHead));
    assertEquals(base, Lora.trainable(llama, 8, List.of("all-linear")));
  }

  @Test
  void routedExpertAdaptersSeeTopKOfTheTokens() {
    // 4 attention adapters + 24 expert adapters, of which a token visits 2 experts x 3.
    assertEquals(10, Lora.adaptedPerLayer(MIXTRAL, List.of()));
  }

  @Test
  void gpt2ConvOneDNames() {
    // GPT-2, r=8, 12 layers of 768: c_attn 768 x 2304 -> 8 x 3072 = 24,576 (PEFT: 294,912).
    ModelSpec s = Specs.fixture("openai-community--gpt2");
    assertEquals(294_912L, Lora.trainable(s, 8, List.of("c_attn")));
    // c_proj is attn.c_proj (8 x 1536) and mlp.c_proj (8 x 3840); c_fc 8 x 3840.
    assertEquals(12L * (12_288 + 30_720), Lora.trainable(s, 8, List.of("c_proj")));
    assertEquals(12L * 12_288, Lora.trainable(s, 8, List.of("attn.c_proj")));
    assertEquals(12L * (24_576 + 12_288 + 30_720 + 30_720), Lora.trainable(s, 8, List.of()));
  }

  @Test
  void neoxAndFalconFusedNames() {
    // Pythia-6.9B: query_key_value 4096 x 12288, r=8 -> 8 x 16384 x 32 layers.
    ModelSpec neox = Specs.fixture("EleutherAI--pythia-6.9b-v0");
    assertEquals(4_194_304L, Lora.trainable(neox, 8, List.of("query_key_value")));
    // dense 4096 x 4096, dense_h_to_4h 4096 x 16384, dense_4h_to_h 16384 x 4096.
    assertEquals(
        32L * 8 * (8192 + 20_480 + 20_480),
        Lora.trainable(neox, 8, List.of("dense", "dense_h_to_4h", "dense_4h_to_h")));
    // Falcon-7B: multi-query, query_key_value 4544 x (4544 + 2 x 64), r=16 -> 16 x 9216 x 32.
    ModelSpec falcon = Specs.fixture("tiiuae--falcon-7b-instruct");
    assertEquals(4_718_592L, Lora.trainable(falcon, 16, List.of("query_key_value")));
  }

  @Test
  void phi3FusedNames() {
    // Phi-3-mini, r=16, 32 layers of 3072, MLP 8192: qkv_proj 16 x (3072 + 9216) = 196,608,
    // o_proj 98,304, gate_up_proj 16 x (3072 + 16384) = 311,296, down_proj 180,224.
    ModelSpec s = Specs.fixture("microsoft--Phi-3-mini-4k-instruct");
    assertEquals(32L * 196_608, Lora.trainable(s, 16, List.of("qkv_proj")));
    assertEquals(32L * 311_296, Lora.trainable(s, 16, List.of("gate_up_proj")));
    assertEquals(25_165_824L, Lora.trainable(s, 16, List.of()));
  }

  @Test
  void bertNames() {
    // BERT-base, r=8: query and value 768 x 768 -> 8 x 1536 each, 12 layers (PEFT: 294,912).
    ModelSpec s = Specs.fixture("google-bert--bert-base-uncased");
    assertEquals(294_912L, Lora.trainable(s, 8, List.of("query", "value")));
    assertEquals(List.of(), Lora.unknownTargets(s, List.of("query", "key", "value", "dense")));
  }

  private static List<String> qkvo() {
    return List.of("q_proj", "k_proj", "v_proj", "o_proj");
  }
}
