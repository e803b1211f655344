package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * transformers generate peaks of the calibration set (../shared/reference/measured.md section 3,
 * optimum's GPTQ benchmark: Llama-2-13b-chat on an A100 80GB, transformers about 4.32, eager
 * attention, tuple past_key_values) recomputed as docs/accuracy.md lists them, within 5%.
 */
class HfGenerateAccuracyTest {
  /** One measured peak (nvidia-smi memory.used, MB = 10^6 B). */
  record Case(String id, String model, long seq, long newTokens, double measuredMb) {}

  static final List<Case> CASES =
      List.of(
          new Case("I01", "meta-llama--Llama-2-13b-chat-hf", 1024, 512, 29_152.98),
          new Case("I02", "TheBloke--Llama-2-13B-chat-GPTQ", 1024, 512, 10_484.34),
          new Case("I05", "meta-llama--Llama-2-13b-chat-hf", 513, 1, 27_999.54));

  /** As the CLI builds it: --attention eager --cache-implementation legacy -s S --new-tokens N. */
  static InferenceEstimate estimate(Case c) {
    Serving sv =
        Serving.defaults()
            .withEngines(
                new EngineSetup(
                    new HfSetup(HfSetup.Cache.LEGACY, c.newTokens(), null), null, null));
    Workload w = new Workload(null, null, 1, c.seq(), AttentionImpl.EAGER, null, null, sv);
    return Estimator.estimate(Specs.fixture(c.model()), w).inference();
  }

  @Test
  void peaksWithin5Percent() {
    for (Case c : CASES) {
      double ours = estimate(c).totalBytes() / 1e6;
      assertTrue(Math.abs(ours / c.measuredMb() - 1) <= 0.05, c.id() + " " + ours);
    }
  }

  @Test
  void theTupleCacheHoldsTheOldCacheAtTheDecodePeakAndStaticDoesNot() {
    Case i01 = CASES.get(0);
    InferenceEstimate legacy = estimate(i01);
    Serving st =
        Serving.defaults()
            .withEngines(new EngineSetup(new HfSetup(HfSetup.Cache.STATIC, 512, null), null, null));
    InferenceEstimate stat =
        Estimator.estimate(
                Specs.fixture(i01.model()),
                new Workload(null, null, 1, 1024, AttentionImpl.EAGER, null, null, st))
            .inference();
    // 40 layers x 2 x 5120 x 2 B = 819,200 B per token: 1024 tokens and the old 1023.
    assertEquals(819_200L * 1024, stat.kvCacheBytes());
    assertEquals(819_200L * (1024 + 1023), legacy.kvCacheBytes());
  }

  @Test
  void exllamaScratchIsTheLargestLayersDequantisationBuffer() {
    InferenceEstimate gptq = estimate(CASES.get(1));
    InferenceEstimate fp16 = estimate(CASES.get(0));
    // ExLlama v1 temp_dq: 5120 x 13824 fp16 = 141,557,760 B on top of the same activations.
    assertEquals(141_557_760L, gptq.activationBytes() - fp16.activationBytes());
  }
}
