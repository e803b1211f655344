package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** vLLM's MTP speculative decoding: worked example on DeepSeek-V3 and invariants. */
class VllmSpeculationTest {
  private static final String V3 = "deepseek-ai--DeepSeek-V3";

  private static Serving vllm(String gpu, int tp, VllmSpeculation sp) {
    return Serving.defaults()
        .withEngine(Engine.VLLM)
        .withGpu(Gpus.find(gpu))
        .withTensorParallel(tp)
        .withEngines(new EngineSetup(null, null, null, sp));
  }

  private static InferenceEstimate est(String model, String gpu, int tp, VllmSpeculation sp) {
    return Estimator.estimate(
            Specs.fixture(model), Workload.defaults().withServing(vllm(gpu, tp, sp)))
        .inference();
  }

  @Test
  void deepSeekV3OnH200Tp8AddsOneMlaLayerAndTheMtpModule() {
    InferenceEstimate off = est(V3, "h200", 8, VllmSpeculation.none());
    InferenceEstimate on = est(V3, "h200", 8, new VllmSpeculation("mtp", 1));
    EngineFigures.Draft d = on.figures().vllmDraft();
    assertNull(off.figures().vllmDraft());
    assertEquals(1, d.layers());
    assertEquals(1, d.speculativeTokens());
    // MLA latent kv_lora_rank 512 + qk_rope_head_dim 64 in bf16, replicated under TP.
    assertEquals((512 + 64) * 2, d.kvCacheBytesPerToken());
    assertEquals(61L * 1152, off.kvCacheBytesPerToken());
    assertEquals(62L * 1152, on.kvCacheBytesPerToken());

    // Draft weights: the MTP module per GPU (stored less loaded), less its 129280 x 7168 bf16
    // embedding, which vLLM shares with the target (split 8 ways).
    ModelSpec stored = Specs.fixture(V3);
    ModelSpec loaded = stored.withoutMtp();
    List<String> n = new ArrayList<>();
    long module =
        WeightBytes.perGpu(stored, WeightBytes.total(stored, null, n), 8)
            - WeightBytes.perGpu(loaded, WeightBytes.total(loaded, null, n), 8);
    long embedding = 129280L * 7168 * 2 / 8;
    assertEquals(module - embedding, d.weightsBytes());
    assertEquals(off.weightsBytes() + d.weightsBytes(), on.weightsBytes());
    // 11.6B MTP-layer parameters mostly fp8 plus the 0.93B bf16 head, over 8 GPUs: ~1.7 GB.
    assertTrue(d.weightsBytes() > 1_600_000_000L && d.weightsBytes() < 1_800_000_000L);

    // The profiled forward keeps the target's hidden states: 8192 tokens x 7168 x 2 B; the
    // sampler over 1024 x 129280 logits stays the larger, so the peak is unchanged here.
    assertEquals(8192L * 7168 * 2, d.activationBytes());
    assertEquals(off.activationBytes(), on.activationBytes());
    // One more layer's CUDA graphs (16 MiB, counted from 0.21).
    assertEquals(off.overheadBytes() + (16L << 20), on.overheadBytes());

    // Capacity by hand: the budget less every part, in 16-token blocks of 62 layers' latents.
    long budget = (long) Math.floor(0.9 * Gpus.find("h200").torchBytes());
    long free = budget - on.weightsBytes() - on.activationBytes() - on.overheadBytes();
    assertEquals(free / (16L * 71424) * 16, on.kvCapacityTokens());
    long freeOff = budget - off.weightsBytes() - off.activationBytes() - off.overheadBytes();
    assertEquals(freeOff / (16L * 70272) * 16, off.kvCapacityTokens());
    // With the same memory left, the extra layer alone shrinks the capacity by 61/62.
    double ratio = (free / 71424.0) / (freeOff / 70272.0);
    assertEquals(61.0 / 62 * free / freeOff, ratio, 1e-12);
    assertTrue(on.kvCapacityTokens() < off.kvCapacityTokens() * 61 / 62);
  }

  @Test
  void capacityFallsWithTheDraftAndNotWithMoreSpeculativeTokens() {
    for (String m :
        List.of(V3, "Qwen--Qwen3-Next-80B-A3B-Instruct", "deepseek-ai--DeepSeek-V3.2-Exp")) {
      for (int tp : new int[] {4, 8}) {
        InferenceEstimate off = est(m, "h200", tp, VllmSpeculation.none());
        InferenceEstimate k1 = est(m, "h200", tp, new VllmSpeculation("mtp", 1));
        InferenceEstimate k3 = est(m, "h200", tp, new VllmSpeculation("deepseek_mtp", 3));
        assertTrue(k1.kvCacheBytesPerToken() > off.kvCacheBytesPerToken(), m);
        assertTrue(k1.weightsBytes() > off.weightsBytes(), m);
        assertTrue(k1.kvCapacityTokens() <= off.kvCapacityTokens(), m);
        assertTrue(k1.maxModelLen() <= off.maxModelLen(), m);
        if (off.kvCapacityTokens() > 0) {
          assertTrue(k1.kvCapacityTokens() < off.kvCapacityTokens(), m);
        }
        // The MTP layer is reused for each speculative token: one KV cache, one set of weights.
        assertEquals(k1.kvCapacityTokens(), k3.kvCapacityTokens(), m);
        assertEquals(3, k3.figures().vllmDraft().speculativeTokens());
      }
    }
  }

  @Test
  void speculativeTokensDefaultToTheModelsMtpLayers() {
    VllmSpeculation sp = new VllmSpeculation("mtp", 0);
    assertTrue(sp.enabled());
    assertFalse(VllmSpeculation.none().enabled());
    assertEquals("mtp", new VllmSpeculation(null, 2).method());
    assertEquals(1, est(V3, "h200", 8, sp).figures().vllmDraft().speculativeTokens());
  }

  @Test
  void modelsWithoutMtpLayersAndOtherEnginesRefuse() {
    WorkloadException e =
        assertThrows(
            WorkloadException.class,
            () -> est("Qwen--Qwen3-8B", "h100-80gb", 1, new VllmSpeculation("mtp", 1)));
    assertFalse(e.getMessage().contains("\n"));
    assertTrue(e.getMessage().contains("multi-token-prediction"));
    Serving hf =
        Serving.defaults()
            .withGpu(Gpus.find("h200"))
            .withEngines(new EngineSetup(null, null, null, new VllmSpeculation("mtp", 1)));
    assertThrows(
        WorkloadException.class,
        () -> Estimator.estimate(Specs.fixture(V3), Workload.defaults().withServing(hf)));
    assertThrows(IllegalArgumentException.class, () -> new VllmSpeculation("eagle", 1));
  }
}
