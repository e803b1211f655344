package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.spec.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * transformers generate against optimum's GPTQ benchmark (huggingface/optimum
 * tests/benchmark/README.md at 87fcf9f0; measured.md section 3 holds three of its rows):
 * Llama-2-13b-chat fp16 and its GPTQ 4-bit version with the ExLlama and cuda-old kernels on an A100
 * 80GB, transformers about 4.32 (tuple past_key_values, eager attention), batch 1 to 16, a
 * 512-token prompt and 512 new tokens ("generate") or 1 ("prefill"). optimum's memory_tracker.py
 * reports torch's allocated peak plus what nvidia-smi shows beyond torch's reserved peak (the CUDA
 * context and other non-torch memory), in MB: compared with allocatorPeakBytes + contextBytes.
 */
class HfGenerateAccuracyTest {
  /** One row: model, kernel (null: the checkpoint's default), batch, new tokens, measured MB. */
  record Case(String model, HfSetup.GptqKernel kernel, long batch, long newTokens, double mb) {}

  static final String FP16 = "meta-llama--Llama-2-13b-chat-hf";
  static final String GPTQ = "TheBloke--Llama-2-13B-chat-GPTQ";
  static final long[] BATCHES = {1, 2, 4, 8, 16};
  static final double[][] GENERATE = {
    {29152.98, 30831.09, 34187.22, 40327.62, 53986.51},
    {10484.34, 12162.43, 15518.55, 21864.56, 34777.04},
    {10344.62, 12020.34, 15374.67, 20987.68, 35497.62}
  };
  static final double[][] PREFILL = {
    {27999.54, 28524.37, 29574.01, 31673.30, 35871.88},
    {9330.89, 9855.71, 10905.35, 13004.64, 17203.22},
    {9474.19, 9928.23, 10838.42, 12862.18, 17060.76}
  };

  static List<Case> cases() {
    String[] models = {FP16, GPTQ, GPTQ};
    HfSetup.GptqKernel[] kernels = {null, null, HfSetup.GptqKernel.CUDA};
    List<Case> out = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      for (int k = 0; k < BATCHES.length; k++) {
        out.add(new Case(models[m], kernels[m], BATCHES[k], 512, GENERATE[m][k]));
        out.add(new Case(models[m], kernels[m], BATCHES[k], 1, PREFILL[m][k]));
      }
    }
    return out;
  }

  /** As the CLI builds it: --attention eager --cache-implementation legacy -s S --new-tokens N. */
  static InferenceEstimate estimate(Case c) {
    Serving sv =
        Serving.defaults()
            .withEngines(
                new EngineSetup(
                    new HfSetup(HfSetup.Cache.LEGACY, c.newTokens(), c.kernel()), null, null));
    Workload w =
        new Workload(
            null, null, c.batch(), 512 + c.newTokens(), AttentionImpl.EAGER, null, null, sv);
    return Estimator.estimate(Specs.fixture(c.model()), w).inference();
  }

  static double oursMb(Case c) {
    InferenceEstimate e = estimate(c);
    return (e.allocatorPeakBytes() + e.contextBytes()) / 1e6;
  }

  @Test
  void everyRowWithin10PercentAndTheMedianWithin5() {
    List<Double> errors = new ArrayList<>();
    for (Case c : cases()) {
      double err = oursMb(c) / c.mb() - 1;
      assertTrue(Math.abs(err) <= 0.10, c + " " + err);
      errors.add(Math.abs(err));
    }
    errors.sort(null);
    assertTrue(errors.get(errors.size() / 2) <= 0.05, "median " + errors);
  }

  @Test
  void docsListEveryRow() throws IOException {
    List<String> doc = Files.readAllLines(Fixtures.root().resolve("docs/accuracy.md"));
    for (Case c : cases()) {
      double ours = oursMb(c);
      String row =
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %s | %,.2f | %,.0f | %+.1f%% |",
              c.model().equals(FP16) ? "fp16" : "GPTQ 4-bit",
              c.kernel() == null ? (c.model().equals(FP16) ? "–" : "exllama") : "cuda-old",
              c.batch(),
              c.newTokens() == 1 ? "prefill" : "generate 512",
              c.mb(),
              ours,
              100 * (ours / c.mb() - 1));
      assertTrue(doc.contains(row), "docs/accuracy.md lacks " + row);
    }
  }

  @Test
  void generatePeaksAtTheLastDecodeStepWithTheTupleCachesOldCopy() {
    // 40 layers x 2 x 5120 x 2 B = 819,200 B per token: 1024 tokens and the old 1023
    InferenceEstimate legacy = estimate(new Case(FP16, null, 1, 512, 0));
    assertEquals(819_200L * (1024 + 1023), legacy.kvCacheBytes());
    Serving st =
        Serving.defaults()
            .withEngines(new EngineSetup(new HfSetup(HfSetup.Cache.STATIC, 512, null), null, null));
    InferenceEstimate stat =
        Estimator.estimate(
                Specs.fixture(FP16),
                new Workload(null, null, 1, 1024, AttentionImpl.EAGER, null, null, st))
            .inference();
    assertEquals(819_200L * 1024, stat.kvCacheBytes());
  }

  @Test
  void exllamaScratchIsTheLargestLayersDequantisationBuffer() {
    InferenceEstimate gptq = estimate(new Case(GPTQ, null, 1, 512, 0));
    InferenceEstimate fp16 = estimate(new Case(FP16, null, 1, 512, 0));
    // ExLlama v1 temp_dq: 5120 x 13824 fp16 = 141,557,760 B on top of the same activations
    assertEquals(141_557_760L, gptq.activationBytes() - fp16.activationBytes());
  }

  @Test
  void cudaOldUnpacksTheLargestLayerForPrefillsOf128RowsOrMore() {
    // qlinear_cuda_old.py's torch fallback: int32 and int8 copies of 5120 x 13824 at once
    long n = 5120L * 13824;
    Serving sv =
        Serving.defaults()
            .withEngines(
                new EngineSetup(
                    new HfSetup(HfSetup.Cache.DYNAMIC, 1, HfSetup.GptqKernel.CUDA), null, null));
    // (a dynamic cache, whose releases keep only the last position's logits after the layers)
    long big =
        Estimator.estimate(
                Specs.fixture(GPTQ),
                new Workload(null, null, 1, 129, AttentionImpl.EAGER, null, null, sv))
            .inference()
            .activationBytes();
    long small =
        Estimator.estimate(
                Specs.fixture(GPTQ),
                new Workload(null, null, 1, 128, AttentionImpl.EAGER, null, null, sv))
            .inference()
            .activationBytes();
    assertTrue(big - small >= 5 * n, big - small + "");
    assertTrue(big - small < 5 * n + (64L << 20), big - small + "");
  }
}
