package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import org.junit.jupiter.api.Test;

/**
 * The workload defaults, resolved once. Each expected value is the documented default: README
 * options ("-s: default min(4096, the model's max context)", "--dtype auto = the checkpoint's"),
 * docs/formulas.md ("The KV dtype defaults to the weights' dtype, or bf16 for quantized weights";
 * precision "mixed (default for 16-bit checkpoints)", "fp32 (default for fp32 checkpoints)"),
 * applied to the fixture configs' max_position_embeddings and torch_dtype.
 */
final class PlanTest {
  /** max_position_embeddings 131072, torch_dtype bfloat16. */
  private static final ModelSpec LLAMA31_8B = Specs.fixture("meta-llama--Llama-3.1-8B");

  /** max_position_embeddings 2048, torch_dtype float16. */
  private static final ModelSpec OPT_13B = Specs.fixture("facebook--opt-13b");

  /** max_position_embeddings 512, torch_dtype float32. */
  private static final ModelSpec BERT = Specs.fixture("google-bert--bert-base-cased");

  @Test
  void sequenceZeroIsTheContextCappedAt4096() {
    assertEquals(4096, Plan.of(LLAMA31_8B, Workload.defaults()).sequenceLength());
    assertEquals(2048, Plan.of(OPT_13B, Workload.defaults()).sequenceLength());
    assertEquals(512, Plan.of(BERT, Workload.defaults()).sequenceLength());
  }

  @Test
  void aGivenSequenceIsKeptEvenPastTheContext() {
    assertEquals(
        8192, Plan.of(OPT_13B, Workload.defaults().withSequenceLength(8192)).sequenceLength());
  }

  @Test
  void nullDtypesAreTheCheckpointsAndKvFollowsTheWeights() {
    Plan llama = Plan.of(LLAMA31_8B, Workload.defaults());
    assertSame(DType.BF16, llama.weightDtype());
    assertSame(DType.BF16, llama.kvDtype());
    Plan opt = Plan.of(OPT_13B, Workload.defaults());
    assertSame(DType.FP16, opt.weightDtype());
    assertSame(DType.FP16, opt.kvDtype());
    Plan bert = Plan.of(BERT, Workload.defaults());
    assertSame(DType.FP32, bert.weightDtype());
    assertSame(DType.FP32, bert.kvDtype());
  }

  @Test
  void quantizedWeightsKeepA16BitKvCacheUnlessOneIsGiven() {
    Workload int4 = Workload.defaults().withDtype(DType.INT4);
    assertSame(DType.INT4, Plan.of(OPT_13B, int4).weightDtype());
    assertSame(DType.BF16, Plan.of(OPT_13B, int4).kvDtype());
    assertSame(DType.FP8, Plan.of(OPT_13B, int4.withKvDtype(DType.FP8)).kvDtype());
  }

  @Test
  void precisionIsMixedFor16BitWeightsAndFp32ForFp32() {
    assertSame(Precision.MIXED, Plan.of(LLAMA31_8B, Workload.defaults()).precision());
    assertSame(Precision.FP32, Plan.of(BERT, Workload.defaults()).precision());
    // A what-if dtype counts as the weights' dtype.
    assertSame(
        Precision.FP32, Plan.of(LLAMA31_8B, Workload.defaults().withDtype(DType.FP32)).precision());
    Workload amp =
        Workload.defaults()
            .withTraining(new TrainingSetup(Method.FULL, Optimizer.ADAMW, Precision.AMP));
    assertSame(Precision.AMP, Plan.of(BERT, amp).precision());
  }

  @Test
  void changingTheWorkloadResolvesAgain() {
    Plan p = Plan.of(OPT_13B, Workload.defaults().withSequenceLength(100));
    assertEquals(2048, p.withSequenceLength(0).sequenceLength());
    assertEquals(100, p.withBatchSize(8).sequenceLength());
    assertEquals(8, p.withBatchSize(8).batchSize());
  }
}
