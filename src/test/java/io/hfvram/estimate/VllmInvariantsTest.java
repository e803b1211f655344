package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.CacheKind;
import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Properties vLLM's KV capacity must have whatever the model, GPU and release. */
class VllmInvariantsTest {
  private static final List<String> MODELS =
      List.of(
          "meta-llama--Llama-3.1-8B",
          "Qwen--Qwen2.5-7B",
          "Qwen--Qwen3-8B",
          "meta-llama--Llama-2-70b-hf",
          "mistralai--Mistral-7B-v0.1",
          "google--gemma-2-9b",
          "deepseek-ai--DeepSeek-V2-Lite",
          "Qwen--Qwen1.5-MoE-A2.7B");
  private static final List<String> GPUS = List.of("h100-80gb", "a100-80gb", "l40s", "h200");

  private static InferenceEstimate est(
      String model, String gpu, VllmVersion v, int tp, double util, DType kv, long batch) {
    ModelSpec spec = Specs.fixture(model);
    Serving sv =
        Serving.defaults()
            .withEngine(Engine.VLLM)
            .withGpu(Gpus.find(gpu))
            .withTensorParallel(tp)
            .withUtilization(util)
            .withVllm(v, 0);
    return Estimator.estimate(
            spec, Workload.defaults().withKvDtype(kv).withBatchSize(batch).withServing(sv))
        .inference();
  }

  @Test
  void capacityFallsAsUtilisationFalls() {
    for (String m : MODELS) {
      for (VllmVersion v : VllmVersion.values()) {
        long previous = Long.MAX_VALUE;
        for (double u = 0.95; u > 0.3; u -= 0.05) {
          long cap = est(m, "h100-80gb", v, 2, u, null, 1).kvCapacityTokens();
          assertTrue(cap <= previous, m + " " + v + " at " + u + ": " + cap + " > " + previous);
          previous = cap;
        }
      }
    }
  }

  @Test
  void capacityRisesWithTensorParallelism() {
    for (String m : MODELS) {
      ModelSpec spec = Specs.fixture(m);
      for (String g : GPUS) {
        long previous = -1;
        for (int tp = 1; tp <= 8; tp *= 2) {
          if (spec.numKeyValueHeads() % tp != 0 || spec.numAttentionHeads() % tp != 0) {
            break;
          }
          long cap = est(m, g, VllmVersion.newest(), tp, 0.9, null, 1).kvCapacityTokens();
          assertTrue(
              cap >= previous && (previous <= 0 || cap > previous),
              m + " on " + g + " tp " + tp + ": " + cap + " after " + previous);
          previous = cap;
        }
      }
    }
  }

  @Test
  void fp8KvHoldsMoreTokens() {
    for (String m : MODELS) {
      for (String g : GPUS) {
        long bf16 = est(m, g, VllmVersion.newest(), 2, 0.9, DType.BF16, 1).kvCapacityTokens();
        long fp8 = est(m, g, VllmVersion.newest(), 2, 0.9, DType.FP8, 1).kvCapacityTokens();
        assertTrue(bf16 <= 0 || fp8 > bf16, m + " on " + g + ": fp8 " + fp8 + ", bf16 " + bf16);
      }
    }
  }

  @Test
  void capacityNeverDependsOnTheBatch() {
    for (String m : MODELS) {
      for (VllmVersion v : VllmVersion.values()) {
        InferenceEstimate one = est(m, "h100-80gb", v, 2, 0.9, null, 1);
        for (long b : new long[] {2, 7, 64, 1000}) {
          InferenceEstimate many = est(m, "h100-80gb", v, 2, 0.9, null, b);
          assertEquals(one.kvCapacityTokens(), many.kvCapacityTokens(), m + " " + v + " b " + b);
          assertEquals(one.activationBytes(), many.activationBytes(), m + " " + v + " b " + b);
          assertEquals(one.maxModelLen(), many.maxModelLen(), m + " " + v + " b " + b);
        }
      }
    }
  }

  @Test
  void llama2x70bOnTwoH100sIsTheSameAtAnyBatch() {
    // The case: 39,136 tokens at -b 1 and 36,176 at -b 2 before the fix.
    long b1 =
        est("meta-llama--Llama-2-70b-hf", "h100-80gb", VllmVersion.newest(), 2, 0.9, null, 1)
            .kvCapacityTokens();
    long b2 =
        est("meta-llama--Llama-2-70b-hf", "h100-80gb", VllmVersion.newest(), 2, 0.9, null, 2)
            .kvCapacityTokens();
    assertEquals(b1, b2);
    assertTrue(b1 > 0);
  }

  @Test
  void maxModelLenIsAtMostTheContextAndWarnsExactlyWhenShort() {
    for (String m : MODELS) {
      ModelSpec spec = Specs.fixture(m);
      for (String g : GPUS) {
        for (int tp = 1; tp <= 2; tp++) {
          InferenceEstimate i = est(m, g, VllmVersion.newest(), tp, 0.9, null, 1);
          assertTrue(i.maxModelLen() >= 0 && i.maxModelLen() <= spec.maxContext(), m + " " + g);
          assertEquals(
              i.maxModelLen() < spec.maxContext(),
              !i.warnings().isEmpty(),
              m + " on " + g + " tp " + tp + ": " + i.maxModelLen() + " " + i.warnings());
          if (!sliding(spec) && i.kvCapacityTokens() > 0) {
            assertTrue(i.maxModelLen() <= Math.max(i.kvCapacityTokens(), 16), m + " " + g);
          }
        }
      }
    }
  }

  private static boolean sliding(ModelSpec spec) {
    return spec.cache().stream().anyMatch(g -> g.kind() == CacheKind.SLIDING);
  }
}
