package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every vLLM start-up log of the calibration set (../shared/reference/measured.md section 1, cases
 * V01-V21) recomputed with the same settings as docs/accuracy.md lists them; the models' configs
 * are fixtures written from their architecture facts, so nothing here reads ../shared.
 */
class VllmAccuracyTest {
  private static final double GIB = 1L << 30;

  /** One logged start-up: its settings and what vLLM printed. */
  record Case(
      String id,
      String model,
      String version,
      int tp,
      double util,
      long maxLen,
      DType dtype,
      DType kv,
      String gpu,
      double gpuGib,
      double weightsGib,
      long tokens) {}

  static final List<Case> CASES =
      List.of(
          new Case(
              "V01",
              "Qwen--Qwen2.5-7B-Instruct",
              "0.19",
              1,
              0.95,
              8192,
              null,
              null,
              "h100-80gb",
              0,
              14.25,
              1_096_000),
          new Case(
              "V02",
              "Qwen--Qwen2.5-7B-Instruct",
              "0.19",
              1,
              0.95,
              8192,
              null,
              DType.FP8,
              "h100-80gb",
              0,
              14.25,
              2_192_000),
          new Case(
              "V03",
              "Qwen--Qwen2.5-7B-Instruct",
              "0.19",
              4,
              0.95,
              8192,
              null,
              null,
              "h100-80gb",
              0,
              3.55,
              5_043_280),
          new Case(
              "V04",
              "meta-llama--Llama-3.1-8B",
              "0.19",
              1,
              0.95,
              8192,
              null,
              null,
              "h100-80gb",
              0,
              14.99,
              476_016),
          new Case(
              "V05",
              "meta-llama--Llama-3.1-8B",
              "0.19",
              1,
              0.95,
              8192,
              DType.FP32,
              null,
              "h100-80gb",
              0,
              29.98,
              175_296),
          new Case(
              "V07",
              "Qwen--Qwen3-8B",
              "0.19",
              1,
              0.95,
              8192,
              null,
              null,
              "h100-80gb",
              0,
              15.27,
              418_688),
          new Case(
              "V12",
              "microsoft--phi-2",
              "0.19",
              1,
              0.95,
              2048,
              null,
              null,
              "h100-80gb",
              0,
              5.19,
              226_112),
          new Case(
              "V16",
              "RedHatAI--Meta-Llama-3.1-8B-Instruct-quantized.w4a16",
              "0.19",
              1,
              0.95,
              8192,
              null,
              null,
              "h100-80gb",
              0,
              5.38,
              554_704),
          new Case(
              "V17",
              "RedHatAI--Llama-3.3-70B-Instruct-fp8-dynamic",
              "0.19",
              4,
              0.95,
              8192,
              null,
              null,
              "h100-80gb",
              0,
              16.96,
              708_992),
          new Case(
              "V19",
              "Qwen--Qwen3-14B",
              "0.16.0",
              1,
              0.95,
              8192,
              null,
              null,
              "h100-80gb",
              0,
              27.52,
              17_178 * 16),
          new Case(
              "V20",
              "Qwen--Qwen3-14B",
              "0.18.0",
              1,
              0.95,
              8192,
              null,
              null,
              "h100-80gb",
              0,
              27.52,
              18_525 * 16),
          new Case(
              "V21",
              "kaitchup--Phi-4-AutoRound-GPTQ-4bit",
              "0.6.3",
              1,
              0.15,
              2048,
              null,
              null,
              null,
              79.25,
              8.51,
              715 * 16));

  /** The estimate for a case, built as the CLI builds it from the flags in docs/accuracy.md. */
  static InferenceEstimate estimate(Case c) {
    ModelSpec spec = Specs.fixture(c.model());
    Serving sv = Serving.defaults().withEngine(Engine.VLLM);
    sv =
        c.gpu() != null
            ? sv.withGpu(Gpus.find(c.gpu()))
            : sv.withGpu("custom", (long) (c.gpuGib() * GIB));
    sv =
        sv.withTensorParallel(c.tp())
            .withUtilization(c.util())
            .withVllm(VllmVersion.parse(c.version()), c.maxLen());
    Workload w = Workload.defaults().withDtype(c.dtype()).withKvDtype(c.kv()).withServing(sv);
    return Estimator.estimate(spec, w).inference();
  }

  @Test
  void kvTokensWithin3PercentEachAndMedianWithin1Percent() {
    List<String> off = new ArrayList<>();
    double[] errors = new double[CASES.size()];
    for (int k = 0; k < CASES.size(); k++) {
      Case c = CASES.get(k);
      long ours = estimate(c).kvCapacityTokens();
      errors[k] = Math.abs(ours / (double) c.tokens() - 1);
      if (errors[k] > 0.03) {
        off.add(c.id() + " " + ours + " vs " + c.tokens());
      }
    }
    assertTrue(off.isEmpty(), "KV tokens off by more than 3%: " + off);
    Arrays.sort(errors);
    double median = (errors[(errors.length - 1) / 2] + errors[errors.length / 2]) / 2;
    assertTrue(median <= 0.01, "median KV error " + median);
  }

  @Test
  void weightsWithin1Percent() {
    List<String> off = new ArrayList<>();
    for (Case c : CASES) {
      double ours = estimate(c).weightsBytes() / GIB;
      if (Math.abs(ours / c.weightsGib() - 1) > 0.01) {
        off.add(c.id() + " " + ours + " vs " + c.weightsGib());
      }
    }
    assertTrue(off.isEmpty(), "weights off by more than 1%: " + off);
  }

  @Test
  void everyLoggedSetupStartsWithoutAWarning() {
    for (Case c : CASES) {
      InferenceEstimate i = estimate(c);
      assertTrue(i.warnings().isEmpty(), c.id() + ": " + i.warnings());
      assertTrue(i.maxModelLen() >= c.maxLen(), c.id() + " maxModelLen " + i.maxModelLen());
    }
  }
}
