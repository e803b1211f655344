package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import org.junit.jupiter.api.Test;

/**
 * Hand-checked cases. Each expected figure is published (source in the comment and in
 * docs/formulas.md), or arithmetic written out by hand in docs/formulas.md.
 */
final class EstimatorTest {
  private static final ModelSpec LLAMA2_70B = Specs.fixture("meta-llama--Llama-2-70b-hf");
  private static final ModelSpec LLAMA2_7B = Specs.fixture("meta-llama--Llama-2-7b-hf");
  private static final ModelSpec LLAMA31_8B = Specs.fixture("meta-llama--Llama-3.1-8B");
  private static final ModelSpec MISTRAL_7B = Specs.fixture("mistralai--Mistral-7B-v0.1");

  private static Workload w(DType dtype, long batch, long seq) {
    return Workload.defaults().withDtype(dtype).withBatchSize(batch).withSequenceLength(seq);
  }

  @Test
  void llama2_70bKvCacheIsGqaAware() {
    // 2 x 80 layers x 8 KV heads x 128 x 2 B = 327,680 B/token; HF blog llama31.md gives the
    // same 0.313 GB per 1k tokens for Llama-3.1-70B, which shares the attention shape.
    InferenceEstimate i = Estimator.estimate(LLAMA2_70B, w(DType.BF16, 1, 4096)).inference();
    assertEquals(327_680, i.kvCacheBytesPerToken());
    assertEquals(1_342_177_280L, i.kvCacheBytes());
    // The article's hidden_size formula would give 2 x 80 x 8192 x 2 = 8x as much.
    assertEquals(8 * i.kvCacheBytesPerToken(), 2L * 80 * 8192 * 2);
  }

  @Test
  void llama2_7bKvCacheMatchesNvidiaFigure() {
    // NVIDIA "Mastering LLM Techniques: Inference Optimization": 1 x 4096 x 2 x 32 x 4096 x 2 B
    // "about 2 GB" at batch 1, sequence 4096 = 0.5 MiB per token.
    InferenceEstimate i = Estimator.estimate(LLAMA2_7B, w(DType.FP16, 1, 4096)).inference();
    assertEquals(524_288, i.kvCacheBytesPerToken());
    assertEquals(2L << 30, i.kvCacheBytes());
  }

  @Test
  void llama31_8bKvCacheMatchesHfBlog() {
    // HF blog llama31.md: 0.125 GB (GiB) per 1k tokens in fp16 = 131,072 B/token.
    InferenceEstimate i = Estimator.estimate(LLAMA31_8B, w(DType.BF16, 1, 1024)).inference();
    assertEquals(131_072, i.kvCacheBytesPerToken());
    assertEquals(128L << 20, i.kvCacheBytes());
    // The FP8 engine of TensorRT-LLM #6294 holds 65,536 B/token: a 1-byte KV cache.
    Workload fp8 = new Workload(DType.BF16, DType.FP8, 1, 1024, null, null, null);
    assertEquals(65_536, Estimator.estimate(LLAMA31_8B, fp8).inference().kvCacheBytesPerToken());
  }

  @Test
  void mistralKvCacheStopsGrowingPastItsWindow() {
    long at4k = Estimator.estimate(MISTRAL_7B, w(DType.BF16, 1, 4096)).inference().kvCacheBytes();
    long at16k = Estimator.estimate(MISTRAL_7B, w(DType.BF16, 1, 16384)).inference().kvCacheBytes();
    assertEquals(at4k, at16k);
    // 2 x 32 x 8 x 128 x 2 B = 131,072 B/token x 4096 tokens.
    assertEquals(131_072L * 4096, at4k);
  }

  @Test
  void weightsAreParametersTimesDtypeWidth() {
    // 68,976,648,192 parameters (issue 2) x 2 B.
    assertEquals(
        137_953_296_384L,
        Estimator.estimate(LLAMA2_70B, w(DType.BF16, 1, 1)).inference().weightsBytes());
    assertEquals(
        275_906_592_768L,
        Estimator.estimate(LLAMA2_70B, w(DType.FP32, 1, 1)).inference().weightsBytes());
  }

  @Test
  void mixedPrecisionAdamIsSixteenBytesPerParameter() {
    // ZeRO paper (arXiv:1910.02054): 2 + 2 + 12 = 16 B per parameter of model states.
    TrainingEstimate t = Estimator.estimate(LLAMA2_7B, w(DType.BF16, 1, 512)).training();
    long p = 6_738_415_616L;
    assertEquals(2 * p, t.weightsBytes());
    assertEquals(2 * p, t.gradientBytes());
    assertEquals(12 * p, t.optimizerBytes());
    assertEquals(Precision.MIXED, t.precision());
  }

  @Test
  void ampIsEighteenBytesPerParameter() {
    // transformers model_memory_anatomy.md: 6 (weights) + 4 (grads) + 8 (AdamW) = 18 B.
    Workload amp =
        new Workload(
            DType.BF16,
            null,
            1,
            512,
            null,
            null,
            new TrainingSetup(Method.FULL, Optimizer.ADAMW, Precision.AMP));
    TrainingEstimate t = Estimator.estimate(LLAMA2_7B, amp).training();
    long p = 6_738_415_616L;
    assertEquals(18 * p, t.weightsBytes() + t.gradientBytes() + t.optimizerBytes());
  }

  @Test
  void llamaBlockSavesWhatTransformersSaves() {
    // docs/formulas.md, worked example: per layer per token 16h + 4q + 4kv + 8I + 4H + 8 bytes
    // (two RMSNorms with fp32 upcast, rsqrt, normalised x and output; q, k, v, attention output,
    // fp32 logsumexp; gate, act(gate), up, product). Llama-2-7B: h = q = kv = 4096, I = 11008.
    long h = 4096;
    long f = 11008;
    long perToken = 16 * h + 4 * h + 4 * h + 8 * f + 4 * 32 + 8;
    long s = 512;
    long expectedLayers = perToken * s * 32;
    long once = s * (6 * h + 4 + 2 * h); // final norm + lm_head input
    long loss = s * (4 * 32000L + 16); // fp32 log-softmax, ids and labels
    assertEquals(3_138_004_992L, expectedLayers + once + loss);
    assertEquals(
        expectedLayers + once + loss,
        Activations.training(
            LLAMA2_7B, Saving.plain(2), 1, s, AttentionImpl.FLASH, TrainingSetup.defaults()));
  }

  @Test
  void eagerAttentionAddsTheScoreMatrix() {
    long flash =
        Estimator.estimate(LLAMA2_7B, w(DType.BF16, 1, 4096)).inference().activationBytes();
    Workload eager = new Workload(DType.BF16, null, 1, 4096, AttentionImpl.EAGER, null, null);
    long withScores = Estimator.estimate(LLAMA2_7B, eager).inference().activationBytes();
    // b x heads x s^2 x (2 + 2 + 4) bytes: scores, softmax in fp32, cast back.
    assertEquals(32L * 4096 * 4096 * 8, withScores - flash);
  }

  @Test
  void overheadIsContextPlusReserveUnlessOverridden() {
    InferenceEstimate i = Estimator.estimate(LLAMA2_7B, w(DType.BF16, 1, 4096)).inference();
    long reserve = (long) Math.ceil((i.kvCacheBytes() + i.activationBytes()) * 0.10);
    assertEquals((512L << 20) + reserve, i.overheadBytes());
    Workload fixed = new Workload(DType.BF16, null, 1, 4096, null, 1L << 30, null);
    assertEquals(1L << 30, Estimator.estimate(LLAMA2_7B, fixed).inference().overheadBytes());
  }

  @Test
  void defaultSequenceIsCappedByContext() {
    // Llama-3.1-8B: min(4096, 131072); Llama-2-70b: min(4096, 4096).
    assertEquals(
        4096, Estimator.estimate(LLAMA31_8B, Workload.defaults()).inference().sequenceLength());
    ModelSpec small = Specs.fixture("microsoft--Phi-3-mini-4k-instruct");
    assertEquals(4096, Estimator.sequenceLength(small, Workload.defaults()));
  }

  @Test
  void quantizedWeightsKeepEmbeddingsAndHeadAt16Bits() {
    // Llama-2-7B int4: linear layers 6,476,005,376 weights (32 x 202,375,168) at 0.5 B, plus a
    // 2 B scale and 0.5 B zero per 128 inputs per output row; embeddings + lm_head
    // 2 x 131,072,000 and norms 266,240 at 2 B.
    long linear = 32L * (4 * 4096L * 4096 + 3 * 4096L * 11008);
    long groups =
        32L * (4 * 4096L * (4096 / 128) + 2 * 11008L * (4096 / 128) + 4096L * (11008 / 128));
    long sixteen = 2 * 131_072_000L + 32L * 2 * 4096 + 4096;
    long expected = linear / 2 + groups * 2 + groups / 2 + sixteen * 2;
    assertEquals(
        expected, Estimator.estimate(LLAMA2_7B, w(DType.INT4, 1, 1)).inference().weightsBytes());
    assertTrue(Estimator.kvDtype(LLAMA2_7B, w(DType.INT4, 1, 1)) == DType.BF16);
  }
}
