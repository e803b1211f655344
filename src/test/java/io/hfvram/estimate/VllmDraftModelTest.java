package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import org.junit.jupiter.api.Test;

/** vLLM's speculative decoding with a separate draft model: a worked example and invariants. */
class VllmDraftModelTest {
  private static final ModelSpec TARGET = Specs.fixture("meta-llama--Llama-3.1-8B");
  private static final ModelSpec DRAFT = Specs.fixture("meta-llama--Llama-3.2-1B");

  private static InferenceEstimate est(Engine engine, int tp, VllmSpeculation sp) {
    Serving s =
        Serving.defaults()
            .withEngine(engine)
            .withGpu(Gpus.find("h100-80gb"))
            .withTensorParallel(tp)
            .withVllm(VllmVersion.parse("0.19"), 0)
            .withEngines(new EngineSetup(null, null, null, sp));
    return Estimator.estimate(TARGET, Workload.defaults().withServing(s)).inference();
  }

  private static VllmSpeculation draft(int k) {
    return new VllmSpeculation(null, k, DRAFT);
  }

  @Test
  void llama8bWithLlama1bDraftOnH100() {
    InferenceEstimate off = est(Engine.VLLM, 1, VllmSpeculation.none());
    InferenceEstimate on = est(Engine.VLLM, 1, draft(4));
    EngineFigures.Draft d = on.figures().vllmDraft();
    assertNull(off.figures().vllmDraft());
    assertEquals("draft_model", d.method());
    assertEquals(4, d.speculativeTokens());
    assertEquals(16, d.layers());
    // Target: 32 layers x 8 KV heads x 128 x 2 (K, V) x 2 B; draft: 16 x 8 x 64 x 2 x 2 B.
    assertEquals(131_072, off.kvCacheBytesPerToken());
    assertEquals(32_768, d.kvCacheBytesPerToken());
    assertEquals(131_072 + 32_768, on.kvCacheBytesPerToken());
    // Draft weights: 1,235,814,400 bf16 parameters (tied embedding counted once) plus its rotary
    // cos/sin cache of 131072 positions x head_dim 64 in bf16.
    assertEquals(1_235_814_400L * 2 + 131_072L * 64 * 2, d.weightsBytes());
    assertEquals(off.weightsBytes() + d.weightsBytes(), on.weightsBytes());
    // The draft's forward (hidden 2048, MLP 8192) is narrower than the target's: no extra peak.
    assertEquals(0, d.activationBytes());
    assertEquals(off.activationBytes(), on.activationBytes());
    assertEquals(off.overheadBytes(), on.overheadBytes());
    long budget = (long) Math.floor(0.9 * Gpus.find("h100-80gb").torchBytes());
    long free = budget - on.weightsBytes() - on.activationBytes() - on.overheadBytes();
    assertEquals(free / (16L * 163_840) * 16, on.kvCapacityTokens());
  }

  @Test
  void capacityFallsWithADraftAtEveryTensorParallelism() {
    for (int tp : new int[] {1, 2, 4, 8}) {
      InferenceEstimate off = est(Engine.VLLM, tp, VllmSpeculation.none());
      InferenceEstimate on = est(Engine.VLLM, tp, draft(3));
      assertTrue(on.kvCapacityTokens() < off.kvCapacityTokens(), "tp " + tp);
      assertTrue(on.weightsBytes() > off.weightsBytes(), "tp " + tp);
      // The draft runs at the target's TP: its KV per token per GPU shrinks with it.
      assertEquals(32_768 / tp, on.figures().vllmDraft().kvCacheBytesPerToken(), "tp " + tp);
    }
  }

  @Test
  void refusals() {
    assertThrows(WorkloadException.class, () -> est(Engine.SGLANG, 1, draft(2)));
    assertThrows(WorkloadException.class, () -> est(Engine.HF, 1, draft(2)));
    assertThrows(IllegalArgumentException.class, () -> new VllmSpeculation("mtp", 2, DRAFT));
    assertThrows(IllegalArgumentException.class, () -> new VllmSpeculation(null, 0, DRAFT));
    ModelSpec other = Specs.fixture("Qwen--Qwen3-8B");
    WorkloadException e =
        assertThrows(
            WorkloadException.class,
            () -> est(Engine.VLLM, 1, new VllmSpeculation(null, 2, other)));
    assertTrue(e.getMessage().contains("vocabulary"), e.getMessage());
  }
}
