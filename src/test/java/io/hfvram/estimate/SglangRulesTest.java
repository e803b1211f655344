package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import org.junit.jupiter.api.Test;

/**
 * SGLang's rules (server_args.py _handle_gpu_memory_settings, model_runner profile_max_num_token
 * and the request limit) against worked examples, and the pool's invariants.
 */
class SglangRulesTest {
  private static final ModelSpec LLAMA = Specs.fixture("meta-llama--Llama-3.1-8B");

  static InferenceEstimate estimate(String gpu, int tp, SglangSetup s, DType kv, long batch) {
    Serving sv =
        Serving.defaults()
            .withEngine(Engine.SGLANG)
            .withGpu(Gpus.find(gpu))
            .withTensorParallel(tp)
            .withEngines(new EngineSetup(null, s, null));
    Workload w = Workload.defaults().withKvDtype(kv).withBatchSize(batch).withServing(sv);
    return Estimator.estimate(LLAMA, w).inference();
  }

  @Test
  void automaticSettingsByGpuMemoryAndTp() {
    SglangSetup auto = SglangSetup.defaults();
    // H100 80GB (81,559 MiB), TP 1: 8k chunks, graphs to 256; reserved 512 + 8192 x 1.5 + 256 x 2
    // + 1/8 x 1024 = 13,440 MiB (over the 10 GiB floor); (81559 - 13440) / 81559 = 0.835.
    SglangEstimator.Settings h100 = SglangEstimator.settings(81559, 1, auto);
    assertEquals(8192, h100.chunk());
    assertEquals(256, h100.graphBs());
    assertEquals(13440, h100.reservedMib(), 1e-9);
    assertEquals(0.835, h100.fraction(), 1e-12);
    // TP 4 on the same card: graphs to 512, reserved 512 + 12288 + 1024 + 512 = 14,336 MiB.
    SglangEstimator.Settings h100tp4 = SglangEstimator.settings(81559, 4, auto);
    assertEquals(512, h100tp4.graphBs());
    assertEquals(0.824, h100tp4.fraction(), 1e-12);
    // A100 40GB (40,960 MiB): 4k chunks, graphs to 32; 512 + 6144 + 64 + 128 = 6,848 MiB, no
    // floor under 60 GiB: 0.833.
    SglangEstimator.Settings a100 = SglangEstimator.settings(40960, 1, auto);
    assertEquals(4096, a100.chunk());
    assertEquals(32, a100.graphBs());
    assertEquals(0.833, a100.fraction(), 1e-12);
    // RTX 4090 (24,564 MiB), TP 4: 2k chunks, graphs to 80.
    SglangEstimator.Settings r4090 = SglangEstimator.settings(24564, 4, auto);
    assertEquals(2048, r4090.chunk());
    assertEquals(80, r4090.graphBs());
    // T4 (15,360 MiB): graphs to 8; B200 (183,359 MiB): 16k chunks, graphs to 512.
    assertEquals(8, SglangEstimator.settings(15360, 1, auto).graphBs());
    assertEquals(16384, SglangEstimator.settings(183359, 1, auto).chunk());
    assertEquals(512, SglangEstimator.settings(183359, 1, auto).graphBs());
  }

  @Test
  void givenSettingsWin() {
    SglangEstimator.Settings s =
        SglangEstimator.settings(81559, 1, new SglangSetup(0.7, 4096, 64, 0));
    assertEquals(0.7, s.fraction(), 1e-12);
    assertEquals(4096, s.chunk());
    assertEquals(64, s.graphBs());
  }

  @Test
  void requestLimitClampsTheEstimateAndHalvesTheTokens() {
    // int(tokens / context x 512) clamped to [2048, 4096], at most tokens / 2.
    assertEquals(2048, SglangEstimator.maxRunningRequests(400_000, 131_072, 0));
    assertEquals(3125, SglangEstimator.maxRunningRequests(800_000, 131_072, 0));
    assertEquals(4096, SglangEstimator.maxRunningRequests(2_000_000, 131_072, 0));
    assertEquals(1000, SglangEstimator.maxRunningRequests(2000, 131_072, 0));
    assertEquals(64, SglangEstimator.maxRunningRequests(400_000, 131_072, 64));
  }

  @Test
  void poolIsTheFractionOfFreeMemoryLessWeightsInTokenCells() {
    InferenceEstimate i = estimate("h100-80gb", 1, SglangSetup.defaults(), null, 1);
    long free = Gpus.find("h100-80gb").torchBytes() - SglangEstimator.inUseAtStart(1);
    long expected = ((long) Math.floor(free * 0.835) - i.weightsBytes()) / i.kvCacheBytesPerToken();
    assertEquals(expected, i.kvCapacityTokens());
    assertEquals(expected, i.figures().sglang().maxTotalTokens());
    assertEquals(i.totalBytes(), Gpus.find("h100-80gb").torchBytes());
  }

  @Test
  void capacityFallsWithTheFractionRisesWithTpAndFp8AndIgnoresBatch() {
    long prev = Long.MAX_VALUE;
    for (double f : new double[] {0.9, 0.85, 0.8, 0.7, 0.5}) {
      long t = estimate("h100-80gb", 1, new SglangSetup(f, 0, 0, 0), null, 1).kvCapacityTokens();
      assertTrue(t < prev, "capacity must fall with the fraction: " + f);
      prev = t;
    }
    long tp1 = estimate("h100-80gb", 1, SglangSetup.defaults(), null, 1).kvCapacityTokens();
    long tp2 = estimate("h100-80gb", 2, SglangSetup.defaults(), null, 1).kvCapacityTokens();
    long tp4 = estimate("h100-80gb", 4, SglangSetup.defaults(), null, 1).kvCapacityTokens();
    assertTrue(tp1 < tp2 && tp2 < tp4, tp1 + " " + tp2 + " " + tp4);
    long fp8 = estimate("h100-80gb", 1, SglangSetup.defaults(), DType.FP8, 1).kvCapacityTokens();
    assertEquals(2.0, fp8 / (double) tp1, 0.01);
    for (long b : new long[] {1, 2, 64}) {
      assertEquals(
          tp1, estimate("h100-80gb", 1, SglangSetup.defaults(), null, b).kvCapacityTokens());
    }
  }

  @Test
  void warnsWhenOneRequestCanNotReachTheContext() {
    InferenceEstimate small = estimate("rtx-4090", 1, SglangSetup.defaults(), null, 1);
    assertFalse(small.warnings().isEmpty());
    assertTrue(small.warnings().get(0).contains("--max-model-len"));
    assertTrue(estimate("h100-80gb", 1, SglangSetup.defaults(), null, 1).warnings().isEmpty());
  }
}
