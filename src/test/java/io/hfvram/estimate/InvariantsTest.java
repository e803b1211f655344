package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariants over seeded random workloads (the seed is in each case's name). */
final class InvariantsTest {
  private static final List<String> MODELS =
      List.of(
          "meta-llama--Llama-2-70b-hf",
          "meta-llama--Llama-3.1-8B",
          "google--gemma-2b",
          "google--gemma-2-9b",
          "mistralai--Mistral-7B-v0.1",
          "Qwen--Qwen3-0.6B",
          "microsoft--Phi-3-mini-4k-instruct");

  static Stream<Arguments> cases() {
    return IntStream.range(0, 200)
        .mapToObj(
            seed -> {
              Random r = new Random(seed);
              String model = MODELS.get(r.nextInt(MODELS.size()));
              long batch = 1 + r.nextInt(64);
              long seq = 1 + r.nextInt(32768);
              return Arguments.of(seed, model, batch, seq);
            });
  }

  private static Estimate est(ModelSpec s, DType d, long b, long seq) {
    return Estimator.estimate(
        s, Workload.defaults().withDtype(d).withBatchSize(b).withSequenceLength(seq));
  }

  @ParameterizedTest(name = "seed {0}: {1} b={2} s={3}")
  @MethodSource("cases")
  void invariantsHold(int seed, String model, long b, long seq) {
    ModelSpec s = Specs.fixture(model);
    Estimate e = est(s, DType.BF16, b, seq);
    InferenceEstimate i = e.inference();
    TrainingEstimate t = e.training();
    assertEquals(
        i.totalBytes(),
        i.weightsBytes() + i.kvCacheBytes() + i.activationBytes() + i.overheadBytes(),
        "parts sum to the total");
    assertEquals(
        t.totalBytes(),
        t.weightsBytes()
            + t.gradientBytes()
            + t.optimizerBytes()
            + t.activationBytes()
            + t.overheadBytes());
    assertTrue(
        i.weightsBytes() > 0
            && i.kvCacheBytes() > 0
            && i.activationBytes() > 0
            && i.overheadBytes() > 0,
        "every part positive");
    assertTrue(t.totalBytes() > i.totalBytes(), "training needs more than inference");

    Estimate moreBatch = est(s, DType.BF16, b + 1, seq);
    Estimate moreSeq = est(s, DType.BF16, b, seq + 1);
    assertTrue(moreBatch.inference().totalBytes() > i.totalBytes(), "monotone in batch");
    assertTrue(moreBatch.training().totalBytes() > t.totalBytes());
    assertTrue(moreSeq.inference().totalBytes() >= i.totalBytes(), "monotone in sequence");
    assertTrue(moreSeq.training().totalBytes() > t.totalBytes());

    long fp32 = est(s, DType.FP32, b, seq).inference().weightsBytes();
    long int8 = est(s, DType.INT8, b, seq).inference().weightsBytes();
    long int4 = est(s, DType.INT4, b, seq).inference().weightsBytes();
    assertTrue(
        int4 < int8 && int8 < i.weightsBytes() && i.weightsBytes() < fp32,
        "int4 < int8 < bf16 < fp32");
    long kvFp8 = Estimator.kvCacheBytes(s, DType.FP8, b, seq);
    assertTrue(kvFp8 < i.kvCacheBytes(), "fp8 KV smaller than bf16 KV");
  }
}
