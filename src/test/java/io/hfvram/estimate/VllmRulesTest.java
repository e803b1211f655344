package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import org.junit.jupiter.api.Test;

/** vLLM's start-up rules per release, against worked examples (docs/formulas.md). */
class VllmRulesTest {
  private static Plan plan(String model, Serving sv) {
    return Plan.of(Specs.fixture(model), Workload.defaults().withServing(sv));
  }

  private static Serving on(String gpu, String version) {
    return Serving.defaults()
        .withEngine(Engine.VLLM)
        .withGpu(Gpus.find(gpu))
        .withVllm(VllmVersion.parse(version), 0);
  }

  @Test
  void releasesMapToTheirProfiles() {
    assertEquals(VllmVersion.V0_6, VllmVersion.parse("0.6.3"));
    assertEquals(VllmVersion.V0_6, VllmVersion.parse("v0.7.3"));
    assertEquals(VllmVersion.V0_8, VllmVersion.parse("0.8.5"));
    assertEquals(VllmVersion.V0_8, VllmVersion.parse("0.16.0"));
    assertEquals(VllmVersion.V0_17, VllmVersion.parse("0.17"));
    assertEquals(VllmVersion.V0_17, VllmVersion.parse("0.19.0"));
    assertEquals(VllmVersion.V0_21, VllmVersion.parse("0.21.0"));
    assertEquals(VllmVersion.V0_21, VllmVersion.newest());
    assertNull(VllmVersion.parse("0.5.4"));
    assertNull(VllmVersion.parse("latest"));
  }

  @Test
  void serveDefaultsFollowTheGpuAndTheEngine() {
    // arg_utils.py: V1 on GPUs of 70 GiB or more (not an A100) 8192 tokens / 1024 sequences,
    // else 2048 / 256; V0 256 sequences and max(max_model_len, 2048) tokens without chunked
    // prefill.
    VllmProfile h100 = VllmProfile.of(plan("Qwen--Qwen3-8B", on("h100-80gb", "0.19")));
    assertEquals(8192, h100.batchedTokens());
    assertEquals(1024, h100.seqs());
    VllmProfile a100 = VllmProfile.of(plan("Qwen--Qwen3-8B", on("a100-80gb", "0.19")));
    assertEquals(2048, a100.batchedTokens());
    assertEquals(256, a100.seqs());
    VllmProfile l4 = VllmProfile.of(plan("Qwen--Qwen3-8B", on("l4", "0.19")));
    assertEquals(2048, l4.batchedTokens());
    VllmProfile v0 =
        VllmProfile.of(
            plan("Qwen--Qwen3-8B", on("h100-80gb", "0.6.3").withVllm(VllmVersion.V0_6, 2048)));
    assertEquals(2048, v0.batchedTokens());
    assertEquals(256, v0.seqs());
    VllmProfile v0Long = VllmProfile.of(plan("Qwen--Qwen3-8B", on("h100-80gb", "0.6.3")));
    assertEquals(512, v0Long.batchedTokens(), "chunked prefill above 32K context");
    VllmProfile set =
        VllmProfile.of(plan("Qwen--Qwen3-8B", on("h100-80gb", "0.19").withBatchLimits(4096, 64)));
    assertEquals(4096, set.batchedTokens());
    assertEquals(64, set.seqs());
  }

  @Test
  void samplerBytesPerLogitByRelease() {
    // bf16 logits 2 + fp32 copy 4 + probabilities 4 + exponential noise 4; the sort adds 24.
    assertEquals(14, VllmProfile.samplerBytesPerLogit(VllmVersion.V0_17, 2));
    assertEquals(12, VllmProfile.samplerBytesPerLogit(VllmVersion.V0_17, 4));
    assertEquals(38, VllmProfile.samplerBytesPerLogit(VllmVersion.V0_8, 2));
    assertEquals(38, VllmProfile.samplerBytesPerLogit(VllmVersion.V0_6, 2));
  }

  @Test
  void qwen3x14bActivationFallsBetween016And017() {
    // V19/V20: 5.64 GiB logged in 0.16, 2.23 GiB in 0.18.
    long old = VllmProfile.of(plan("Qwen--Qwen3-14B", on("h100-80gb", "0.16"))).activation();
    long now = VllmProfile.of(plan("Qwen--Qwen3-14B", on("h100-80gb", "0.18"))).activation();
    assertEquals(5.64, old / (double) (1L << 30), 0.1);
    assertEquals(2.23, now / (double) (1L << 30), 0.1);
  }

  @Test
  void nonTorchMemoryGrowsWithTensorParallelism() {
    assertEquals(
        256L << 20, VllmProfile.of(plan("Qwen--Qwen2.5-7B", on("h100-80gb", "0.19"))).nonTorch());
    assertEquals(
        (256L + 1900) << 20,
        VllmProfile.of(plan("Qwen--Qwen2.5-7B", on("h100-80gb", "0.19").withTensorParallel(4)))
            .nonTorch());
  }

  @Test
  void cudaGraphsCountFrom021Only() {
    Plan p19 = plan("meta-llama--Llama-3.1-8B", on("h100-80gb", "0.19"));
    Plan p21 = plan("meta-llama--Llama-3.1-8B", on("h100-80gb", "0.21"));
    VllmProfile v19 = VllmProfile.of(p19);
    VllmProfile v21 = VllmProfile.of(p21);
    assertEquals(v19.nonTorch(), v19.overhead());
    assertEquals(v21.nonTorch() + (400L + 32 * 16) * (1L << 20), v21.overhead());
    long c19 = Estimator.estimate(p19.spec(), p19.workload()).inference().kvCapacityTokens();
    long c21 = Estimator.estimate(p21.spec(), p21.workload()).inference().kvCapacityTokens();
    assertTrue(c21 < c19, c21 + " vs " + c19);
  }

  @Test
  void budgetsFromTorchsTotalMemory() {
    Gpus.Gpu h100 = Gpus.find("h100-80gb");
    assertEquals(81_559, h100.memoryMib());
    assertEquals(79.19, h100.torchBytes() / (double) (1L << 30), 0.005);
    for (Gpus.Gpu g : Gpus.all()) {
      assertTrue(g.torchMib() <= g.memoryMib() && !g.torchSource().isBlank(), g.id());
    }
    for (String id :
        new String[] {
          "h200",
          "b200",
          "gb200",
          "mi300x",
          "mi325x",
          "mi355x",
          "l40s",
          "a10",
          "l4",
          "rtx-pro-6000",
          "rtx-5090"
        }) {
      assertTrue(Gpus.find(id) != null, id);
    }
  }

  @Test
  void qwen3x8bOnAnL4WarnsThatVllmWouldRefuseItsContext() {
    ModelSpec spec = Specs.fixture("Qwen--Qwen3-8B");
    InferenceEstimate i =
        Estimator.estimate(spec, Workload.defaults().withServing(on("l4", "0.19"))).inference();
    assertTrue(i.kvCapacityTokens() < 40_960, "capacity " + i.kvCapacityTokens());
    assertEquals(i.kvCapacityTokens(), i.maxModelLen());
    assertEquals(1, i.warnings().size());
    String w = i.warnings().get(0);
    assertTrue(
        w.contains("vLLM would refuse to start")
            && w.contains("--max-model-len " + i.maxModelLen())
            && w.contains("--tp 2")
            && w.contains("--kv-dtype fp8"),
        w);
    InferenceEstimate shorter =
        Estimator.estimate(
                spec,
                Workload.defaults()
                    .withServing(on("l4", "0.19").withVllm(VllmVersion.V0_17, i.maxModelLen())))
            .inference();
    assertTrue(shorter.warnings().isEmpty(), shorter.warnings().toString());
    InferenceEstimate fp8 =
        Estimator.estimate(
                spec, Workload.defaults().withKvDtype(DType.FP8).withServing(on("l4", "0.19")))
            .inference();
    assertTrue(fp8.maxModelLen() > i.maxModelLen());
  }

  @Test
  void maxModelLenFollowsEstimateMaxModelLen() {
    // Full attention: the longest L with ceil(L / 16) x 16 x bytes per token <= the pool, which
    // is the capacity itself; capped at the model's context.
    ModelSpec spec = Specs.fixture("meta-llama--Llama-3.1-8B");
    InferenceEstimate big =
        Estimator.estimate(spec, Workload.defaults().withServing(on("h200", "0.19"))).inference();
    assertEquals(spec.maxContext(), big.maxModelLen());
    InferenceEstimate tight =
        Estimator.estimate(spec, Workload.defaults().withServing(on("rtx-4090", "0.19")))
            .inference();
    assertEquals(tight.kvCapacityTokens(), tight.maxModelLen());
  }
}
