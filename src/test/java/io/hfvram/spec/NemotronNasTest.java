package io.hfvram.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hfvram.estimate.Estimator;
import org.junit.jupiter.api.Test;

/**
 * Llama-3.3-Nemotron-Super-49B ({@code nemotron-nas}, DeciLM): the real 80 {@code block_configs} of
 * the Hub config, counted by hand. Intermediate widths follow DeciLM's rule, int(2 x ffn_mult x
 * hidden / 3) rounded up to a multiple of 256 (vLLM {@code nemotron_nas.py}); KV heads are {@code
 * num_attention_heads / n_heads_in_group}; a no-op attention has no input norm and no cache.
 */
final class NemotronNasTest {
  private static final long H = 8192;

  @Test
  void super49bMatchesItsPublishedCountAndCachesOnlyItsAttentionLayers() {
    ModelSpec s = Specs.fixture("nvidia--Llama-3_3-Nemotron-Super-49B-v1");
    // 49 GQA layers: norm + q + o (8192 x 8192 each) + k, v (8192 x 8 KV heads x 128 each)
    long attention = 49 * (H + 2 * H * H + 2 * H * 8 * 128);
    // FFN widths by ffn_mult: 5.25 -> 28672 (49 blocks), 2.625 -> 14336 (6), 3.28125 -> 17920
    // (1), 1.3125 -> 7168 (10), 1.0 -> 5461 -> 5632 (8), 0.5 -> 2730 -> 2816 (6); each block adds
    // its post-attention norm and gate, up and down projections
    long ffn =
        ffn(49, 28_672)
            + ffn(6, 14_336)
            + ffn(1, 17_920)
            + ffn(10, 7_168)
            + ffn(8, 5_632)
            + ffn(6, 2_816);
    long embeddings = 2 * 128_256 * H + H; // untied embed + lm_head, final norm
    assertEquals(49_867_145_216L, embeddings + attention + ffn);
    // published: 49,867,145,216 BF16 parameters (Hub safetensors size); model card: 49B
    assertEquals(49_867_145_216L, s.parameters());
    // only the 49 layers with attention cache: 2 x 8 KV heads x 128 x 2 B each
    assertEquals(49 * 2 * 8 * 128 * 2, Estimator.kvBytesPerToken(s, DType.BF16));
    assertEquals(200_704, Estimator.kvBytesPerToken(s, DType.BF16));
  }

  private static long ffn(long blocks, long width) {
    return blocks * (H + 3 * H * width);
  }
}
