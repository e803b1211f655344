package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import org.junit.jupiter.api.Test;

/**
 * llama.cpp's buffers (src/llama-kv-cache.cpp, src/llama-context.cpp, ggml-common.h block sizes)
 * against worked examples, and the split's invariants.
 */
class LlamaCppRulesTest {
  private static final ModelSpec LLAMA = Specs.fixture("meta-llama--Llama-3.1-8B");
  private static final long MIB = 1L << 20;

  static LlamaCppSetup setup(long ctx, GgmlType k, GgmlType v, int ngl, long b, boolean fa) {
    return new LlamaCppSetup(ctx, k, v, ngl, b, Math.min(512, b), fa, 1, 0);
  }

  static EngineFigures.LlamaCpp run(LlamaCppSetup s) {
    Serving sv =
        Serving.defaults().withEngine(Engine.LLAMA_CPP).withEngines(new EngineSetup(null, null, s));
    return Estimator.estimate(LLAMA, Workload.defaults().withServing(sv))
        .inference()
        .figures()
        .llamaCpp();
  }

  @Test
  void cacheTypeRowSizesAreGgmlBlocks() {
    assertEquals(8192, GgmlType.F16.rowBytes(4096));
    assertEquals(4352, GgmlType.Q8_0.rowBytes(4096)); // 128 blocks x 34 B
    assertEquals(2304, GgmlType.Q4_0.rowBytes(4096)); // 128 blocks x 18 B
    assertEquals(2816, GgmlType.Q5_0.rowBytes(4096)); // 128 blocks x 22 B
    assertEquals(GgmlType.Q8_0, GgmlType.parse("Q8_0"));
  }

  @Test
  void kvCacheOfLlama31At8kIsOneGibInF16() {
    // 32 layers x (K 8 x 128 + V 8 x 128) x 2 B x 8192 cells = 1 GiB; q8_0: x 34/64.
    LlamaCppSetup f16 = setup(8192, GgmlType.F16, GgmlType.F16, -1, 2048, true);
    assertEquals(1L << 30, LlamaCppEstimator.kvBytes(LLAMA, f16));
    LlamaCppSetup q8 = setup(8192, GgmlType.Q8_0, GgmlType.Q8_0, -1, 2048, true);
    assertEquals((1L << 30) / 64 * 34, LlamaCppEstimator.kvBytes(LLAMA, q8));
    // -c 4000 is padded to 4096 cells.
    assertEquals(4096, LlamaCppEstimator.cells(LLAMA, setup(4000, null, null, -1, 2048, true)));
  }

  @Test
  void computeBuffersOfFullOffloadWithFlashAttention() {
    // n_ubatch 512: the logits 512 x 128,256 x 4 B = 250.5 MiB are the widest step, plus the
    // f16 KQ mask 8192 x 512 x 2 B = 8 MiB on the GPU: 258.5 MiB. Host: f32 embeddings 512 x 4096
    // x 4 B and the f32 mask (24 MiB), plus 128,256 x 4 B of output logits.
    EngineFigures.LlamaCpp f = run(setup(8192, GgmlType.F16, GgmlType.F16, -1, 2048, true));
    assertEquals(258.5, f.gpuComputeBytes() / (double) MIB, 1e-9);
    assertEquals(24 * MIB + 128_256 * 4, f.cpuComputeBytes());
    assertTrue(f.outputOnGpu());
    assertEquals(32, f.gpuLayers());
  }

  @Test
  void withoutFlashAttentionTheScoresAreMaterialised() {
    // K x Q: 8192 x 512 x 32 heads x 4 B = 512 MiB, more than the logits.
    EngineFigures.LlamaCpp off = run(setup(8192, GgmlType.F16, GgmlType.F16, -1, 2048, false));
    assertTrue(off.gpuComputeBytes() >= 512 * MIB);
    EngineFigures.LlamaCpp on = run(setup(8192, GgmlType.F16, GgmlType.F16, -1, 2048, true));
    assertTrue(on.gpuComputeBytes() < off.gpuComputeBytes());
  }

  @Test
  void vramFallsAndRamRisesAsFewerLayersAreOffloaded() {
    long prevVram = Long.MAX_VALUE;
    long prevRam = -1;
    for (int ngl : new int[] {-1, 32, 24, 16, 8, 0}) {
      EngineFigures.LlamaCpp f = run(setup(8192, GgmlType.F16, GgmlType.F16, ngl, 2048, true));
      assertTrue(f.vramBytes() < prevVram, "VRAM must fall at -ngl " + ngl);
      assertTrue(f.ramBytes() > prevRam, "RAM must rise at -ngl " + ngl);
      assertEquals(
          f.gpuKvBytes() + f.cpuKvBytes(),
          LlamaCppEstimator.kvBytes(LLAMA, setup(8192, null, null, ngl, 2048, true)));
      prevVram = f.vramBytes();
      prevRam = f.ramBytes();
    }
    EngineFigures.LlamaCpp none = run(setup(8192, GgmlType.F16, GgmlType.F16, 0, 2048, true));
    assertEquals(0, none.vramBytes());
    assertFalse(none.outputOnGpu());
  }

  @Test
  void smallerCacheTypesLowerVramAndTheLogicalBatchDoesNotMatter() {
    long f16 = run(setup(32768, GgmlType.F16, GgmlType.F16, -1, 2048, true)).vramBytes();
    long q8 = run(setup(32768, GgmlType.Q8_0, GgmlType.Q8_0, -1, 2048, true)).vramBytes();
    long q4 = run(setup(32768, GgmlType.Q4_0, GgmlType.Q4_0, -1, 2048, true)).vramBytes();
    assertTrue(f16 > q8 && q8 > q4, f16 + " " + q8 + " " + q4);
    long b1 = run(setup(32768, null, null, -1, 4096, true)).gpuKvBytes();
    long b2 = run(setup(32768, null, null, -1, 1024, true)).gpuKvBytes();
    assertEquals(b1, b2);
  }

  @Test
  void quantizedValueCacheWithoutFlashAttentionIsRefused() {
    Serving sv =
        Serving.defaults()
            .withEngine(Engine.LLAMA_CPP)
            .withEngines(
                new EngineSetup(
                    null, null, setup(8192, GgmlType.Q8_0, GgmlType.Q8_0, -1, 2048, false)));
    InferenceEstimate i =
        Estimator.estimate(LLAMA, Workload.defaults().withServing(sv)).inference();
    assertTrue(i.warnings().get(0).contains("-fa on"));
  }
}
