package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training mechanisms: each term against its worked example in docs/formulas.md ("Training
 * mechanisms"), and the invariants every profile must keep.
 */
class TrainingMechanismsTest {
  static final List<String> MODELS =
      List.of(
          "meta-llama--Llama-2-7b-hf",
          "meta-llama--Llama-3.1-8B",
          "Qwen--Qwen3-8B",
          "microsoft--phi-2",
          "meta-llama--Llama-3.2-1B",
          "google-bert--bert-large-uncased",
          "mistralai--Mixtral-8x7B-v0.1");
  static final List<Mechanisms> PROFILES =
      List.of(Mechanisms.none(), Mechanisms.of(Framework.HF), Mechanisms.of(Framework.TORCHTUNE));

  static TrainingEstimate train(
      ModelSpec spec, Mechanisms m, Method method, Checkpointing c, long b, long s) {
    TrainingSetup t =
        new TrainingSetup(
            method, Optimizer.ADAMW, null, 8, List.of(), c, 1, 0, Offload.NONE, 1, false, m);
    Workload w = Workload.defaults().withBatchSize(b).withSequenceLength(s).withTraining(t);
    return Estimator.estimate(spec, w).training();
  }

  static Mechanisms withLoss(Mechanisms m, LossKind l, boolean compiled) {
    return new Mechanisms(
        m.framework(),
        l,
        compiled,
        m.optimizerInBackward(),
        m.activationOffload(),
        m.step(),
        m.paged(),
        m.context(),
        m.zeroGradInPlace(),
        m.torch(),
        m.loraDropout());
  }

  @Test
  void eagerScoresFollowTheActivationDtypeAndAmpKeepsBertsResidualInFp32() {
    // docs/formulas.md "Eager attention scores by dtype; AMP activations", worked by hand
    ModelSpec bert = Specs.fixture("google-bert--bert-large-uncased");
    long h = 1024;
    long i = 4096;
    long scores = 16L * 512;
    long once = 4 * h + 8 + h + 4 * h + 24;
    long fp32 = (18 * h + 16) + 16 * h + 8 * i + 9 * scores;
    TrainingSetup t = TrainingSetup.defaults();
    assertEquals(
        fp32 * 512 * 24 + once * 512,
        Activations.body(bert, Saving.plain(4), 1, 512, AttentionImpl.EAGER, t));
    long amp = (18 * h + 16) + 8 * h + 4 * i + 7 * scores;
    assertEquals(
        amp * 2048 * 24 + once * 2048,
        Activations.body(bert, new Saving(2, true, false, false), 4, 512, AttentionImpl.EAGER, t));
    long bf16 = (10 * h + 16) + 8 * h + 4 * i + 5 * scores;
    long onceBf16 = 2 * h + 8 + h + 2 * h + 24;
    assertEquals(
        bf16 * 512 * 24 + onceBf16 * 512,
        Activations.body(bert, Saving.plain(2), 1, 512, AttentionImpl.EAGER, t));
  }

  @Test
  void beforeTorch111SoftmaxAndLogSoftmaxKeepTheirInput() {
    // docs/formulas.md "PyTorch release": + the softmax input per eager score, + 4 x T x V for
    // the full loss's log_softmax
    ModelSpec llama = Specs.fixture("meta-llama--Llama-3.2-1B");
    // gradients kept in both, so that only the saved tensors differ
    Mechanisms now =
        new Mechanisms(
            Framework.HF, null, false, false, false, null, false, null, Boolean.TRUE, null, 0);
    Mechanisms old =
        new Mechanisms(
            Framework.HF,
            null,
            false,
            false,
            false,
            null,
            false,
            null,
            null,
            TorchVersion.parse("1.10"),
            0);
    TrainingEstimate a = train(llama, now, Method.FULL, Checkpointing.NONE, 1, 512);
    TrainingEstimate b = train(llama, old, Method.FULL, Checkpointing.NONE, 1, 512);
    assertEquals(512L * 128_256 * 4, b.activationBytes() - a.activationBytes());
    assertTrue(TorchVersion.parse("1.10").before(1, 11));
    assertTrue(!TorchVersion.parse("2.2.1").before(2, 0));
    assertEquals(null, TorchVersion.parse("two"));
  }

  @Test
  void dropoutMasksFollowTheConfig(@TempDir Path dir) throws Exception {
    // BERT with dropout 0: no 1-byte masks (2 per layer + the embeddings') and the PV matmul
    // saves the probabilities themselves (e instead of 2e + 1 per score)
    Path bert = Fixtures.model("google-bert--bert-large-uncased").resolve("config.json");
    String text = Files.readString(bert);
    Path none = dir.resolve("bert0.json");
    Files.writeString(
        none,
        text.replace("\"hidden_dropout_prob\": 0.1", "\"hidden_dropout_prob\": 0.0")
            .replace(
                "\"attention_probs_dropout_prob\": 0.1", "\"attention_probs_dropout_prob\": 0.0"));
    TrainingSetup t = TrainingSetup.defaults();
    long with = Activations.body(Specs.map(bert), Saving.plain(2), 1, 512, AttentionImpl.EAGER, t);
    long without =
        Activations.body(Specs.map(none), Saving.plain(2), 1, 512, AttentionImpl.EAGER, t);
    long h = 1024;
    long masks = (24 * 2 * h + h) * 512;
    long scores = 24L * 512 * 16 * 512 * (2 + 1);
    assertEquals(masks + scores, with - without);
    // a Llama with attention dropout: + the 1-byte mask per eager score
    Path llama = Fixtures.model("meta-llama--Llama-3.2-1B").resolve("config.json");
    Path dropped = dir.resolve("llama.json");
    Files.writeString(
        dropped, Files.readString(llama).replaceFirst("\\{", "{\"attention_dropout\": 0.1,"));
    ModelSpec l = Specs.map(llama);
    long a = Activations.body(l, Saving.plain(2), 1, 512, AttentionImpl.EAGER, t);
    long b = Activations.body(Specs.map(dropped), Saving.plain(2), 1, 512, AttentionImpl.EAGER, t);
    assertEquals(16L * 512 * l.numAttentionHeads() * 512, b - a);
  }

  @Test
  void compiledLlamaBlocksSaveWhatInductorsPartitionerKeeps() {
    // docs/formulas.md "torch.compile": 131,176 B eager, 90,216 B compiled per token per layer
    // at Llama-3.2-3B widths (measured on the compiled forward graph, torch 2.13.0)
    ModelSpec l = Specs.fixture("meta-llama--Llama-3.2-3B");
    ActivationBlocks.Block e = ActivationBlocks.layers(l, 512, Saving.plain(2), false).get(0);
    ActivationBlocks.Block c =
        ActivationBlocks.layers(l, 512, new Saving(2, false, false, true), false).get(0);
    assertEquals(131_176, e.replicated() + e.inner());
    assertEquals(90_216, c.replicated() + c.inner());
    long t = 4096;
    long tv = t * l.vocabSize();
    assertEquals(2 * tv + 8 * t, Loss.saved(LossKind.FULL, true, l, t, 1));
    assertEquals(4 * tv, Loss.saved(LossKind.FULL, false, l, t, 1));
  }

  @Test
  void lossTermsMatchTheWorkedExample() {
    ModelSpec llama = Specs.fixture("meta-llama--Llama-3.1-8B");
    long t = 4096;
    long tv = t * 128_256;
    assertEquals(4 * tv, Loss.saved(LossKind.FULL, false, llama, t, 1));
    assertEquals(8 * tv, Loss.headTransient(LossKind.FULL, llama, t, 1));
    assertEquals(4 * tv, Loss.saved(LossKind.CHUNKED, false, llama, t, 1));
    assertEquals(2 * tv + 4 * t, Loss.saved(LossKind.CHUNKED, true, llama, t, 1));
    assertEquals(512L * 128_256 * 6, Loss.headTransient(LossKind.CHUNKED, llama, t, 1));
    // Liger: ceil(128256 / 4096) = 32 chunks of 4096 / 32 = 128 rows (a power of two).
    assertEquals(128, Loss.fusedChunk(t, 128_256, 4096));
    assertEquals(2 * t * 4096, Loss.saved(LossKind.FUSED, false, llama, t, 1));
    assertEquals(2L * 128 * 128_256, Loss.headTransient(LossKind.FUSED, llama, t, 1));
  }

  @Test
  void quantizedStorageMatchesBitsandbytesAndTorchao() {
    ModelSpec llama = Specs.fixture("meta-llama--Llama-2-7b-hf");
    // Every linear of the 32 layers: 4 x 4096^2 + 3 x 4096 x 11008 = 202,375,168 per layer.
    long n = 32L * (4L * 4096 * 4096 + 3L * 4096 * 11008);
    long rest = llama.parameters() - n;
    long bnb = QuantStorage.frozenBytes(llama, Framework.HF, List.of(), 0);
    double perParam = bnb / (double) n;
    assertTrue(Math.abs(perParam - (0.5 + 1.0 / 64 + 1.0 / 4096)) < 1e-4, "bnb " + perParam);
    long ao = QuantStorage.frozenBytes(llama, Framework.TORCHTUNE, List.of(), 0);
    assertTrue(Math.abs(ao / (double) n - 0.515747) < 1e-5, "torchao " + ao / (double) n);
    // The leftover layers (embeddings, output, norms) at the given width.
    assertEquals(rest * 4, QuantStorage.frozenBytes(llama, Framework.HF, List.of(), 4) - bnb);
    // Dequantisation of the largest weight (4096 x 11008): bitsandbytes 2n + n/16, torchao 14n.
    long w = 4096L * 11008;
    assertEquals(
        2 * w + w / 16, QuantStorage.dequantTransient(llama, Framework.HF, List.of(), false));
    assertEquals(
        14 * w, QuantStorage.dequantTransient(llama, Framework.TORCHTUNE, List.of(), false));
  }

  @Test
  void optimizerStepAndStatesMatchTheirSources() {
    assertEquals(2L * (1_000_000 + 4 * 3907), StepMemory.adam8bitStates(1_000_000));
    assertEquals(
        0, StepMemory.temporaries(OptimizerStep.FUSED, Optimizer.ADAMW, Precision.BF16, 100, 10));
    assertEquals(
        200,
        StepMemory.temporaries(OptimizerStep.FOREACH, Optimizer.ADAMW, Precision.BF16, 100, 10));
    assertEquals(
        80,
        StepMemory.temporaries(
            OptimizerStep.PER_PARAM, Optimizer.ADAFACTOR, Precision.FP32, 100, 10));
    assertEquals(0, StepMemory.temporaries(null, Optimizer.ADAMW, Precision.FP32, 100, 10));
  }

  @Test
  void fsdpRootAndUnitsOfLlama2() {
    ModelSpec llama = Specs.fixture("meta-llama--Llama-2-7b-hf");
    assertEquals(2L * 32000 * 4096 + 4096, Distributed.rootParameters(llama));
    assertEquals(202_383_360L, Distributed.unitParameters(llama));
  }

  @Test
  void cudaContextByGeneration() {
    assertEquals(CudaContext.HOPPER, CudaContext.forGpu("h100-80gb"));
    assertEquals(CudaContext.ADA, CudaContext.forGpu("rtx-4090"));
    assertEquals(CudaContext.AMPERE, CudaContext.forGpu("a100-80gb"));
    assertEquals(CudaContext.VOLTA, CudaContext.forGpu("v100-16gb"));
    assertEquals(CudaContext.LAZY, CudaContext.forGpu(null));
    assertEquals(1343L << 20, CudaContext.EAGER.bytes());
  }

  @Test
  void checkpointingNeverIncreasesMemory() {
    for (String model : MODELS) {
      ModelSpec spec = Specs.fixture(model);
      for (Mechanisms m : PROFILES) {
        for (Method method : Method.values()) {
          TrainingEstimate none = train(spec, m, method, Checkpointing.NONE, 2, 512);
          TrainingEstimate full = train(spec, m, method, Checkpointing.FULL, 2, 512);
          assertTrue(
              full.totalBytes() <= none.totalBytes(),
              model
                  + " "
                  + m.framework()
                  + " "
                  + method
                  + ": "
                  + full.totalBytes()
                  + " > "
                  + none.totalBytes());
          assertTrue(full.allocatorPeakBytes() <= none.allocatorPeakBytes(), model);
        }
      }
    }
  }

  @Test
  void chunkedLossNeverExceedsTheFullLossAndFusedNeverExceedsChunked() {
    for (String model : MODELS) {
      ModelSpec spec = Specs.fixture(model);
      for (Mechanisms m : PROFILES) {
        for (boolean compiled : new boolean[] {false, true}) {
          long full =
              train(
                      spec,
                      withLoss(m, LossKind.FULL, compiled),
                      Method.LORA,
                      Checkpointing.FULL,
                      2,
                      2048)
                  .allocatorPeakBytes();
          long chunked =
              train(
                      spec,
                      withLoss(m, LossKind.CHUNKED, compiled),
                      Method.LORA,
                      Checkpointing.FULL,
                      2,
                      2048)
                  .allocatorPeakBytes();
          long fused =
              train(
                      spec,
                      withLoss(m, LossKind.FUSED, compiled),
                      Method.LORA,
                      Checkpointing.FULL,
                      2,
                      2048)
                  .allocatorPeakBytes();
          assertTrue(chunked <= full, model + " " + m.framework() + ": " + chunked + " > " + full);
          assertTrue(
              fused <= chunked, model + " " + m.framework() + ": " + fused + " > " + chunked);
        }
      }
    }
  }

  @Test
  void qloraBelowLoraBelowFull() {
    for (String model : MODELS) {
      ModelSpec spec = Specs.fixture(model);
      for (Mechanisms m : PROFILES) {
        for (Checkpointing c : Checkpointing.values()) {
          long q = train(spec, m, Method.QLORA, c, 1, 512).allocatorPeakBytes();
          long l = train(spec, m, Method.LORA, c, 1, 512).allocatorPeakBytes();
          long f = train(spec, m, Method.FULL, c, 1, 512).allocatorPeakBytes();
          assertTrue(
              q < l && l < f,
              model + " " + m.framework() + " " + c + ": " + q + ", " + l + ", " + f);
        }
      }
    }
  }

  @Test
  void trainingNeedsMoreThanInferenceAndPartsSumToTheTotal() {
    for (String model : MODELS) {
      ModelSpec spec = Specs.fixture(model);
      for (Mechanisms m : PROFILES) {
        for (Method method : Method.values()) {
          TrainingSetup t =
              new TrainingSetup(
                  method,
                  Optimizer.ADAMW,
                  null,
                  8,
                  List.of(),
                  Checkpointing.FULL,
                  1,
                  0,
                  Offload.NONE,
                  1,
                  false,
                  m);
          Workload w = Workload.defaults().withSequenceLength(512).withTraining(t);
          Estimate e = Estimator.estimate(spec, w);
          TrainingEstimate tr = e.training();
          // QLoRA against inference of the same 4-bit base; the others against the 16-bit model.
          long inference =
              method == Method.QLORA
                  ? Estimator.estimate(spec, w.withDtype(DType.INT4)).inference().totalBytes()
                  : e.inference().totalBytes();
          assertTrue(tr.totalBytes() > inference, model + " " + method);
          assertEquals(
              tr.totalBytes(),
              tr.weightsBytes()
                  + tr.gradientBytes()
                  + tr.optimizerBytes()
                  + tr.activationBytes()
                  + tr.transientBytes()
                  + tr.overheadBytes());
          assertEquals(tr.totalBytes(), tr.reservedBytes() + tr.contextBytes());
          assertTrue(tr.allocatorPeakBytes() <= tr.reservedBytes());
        }
      }
    }
  }

  @Test
  void mechanismFlagsLowerWhatTheyShouldAndTheNeutralModelIsUnchanged() {
    ModelSpec spec = Specs.fixture("meta-llama--Llama-2-7b-hf");
    // gradients kept (zero_grad in place), so that every figure is the backward peak's
    Mechanisms tt =
        new Mechanisms(
            Framework.TORCHTUNE, null, false, false, false, null, false, null, true, null, 0);
    TrainingEstimate base = train(spec, tt, Method.FULL, Checkpointing.FULL, 2, 512);
    TrainingEstimate bwd =
        train(
            spec,
            new Mechanisms(
                Framework.TORCHTUNE, null, false, true, false, null, false, null, null, null, 0),
            Method.FULL,
            Checkpointing.FULL,
            2,
            512);
    assertTrue(bwd.gradientBytes() < base.gradientBytes() / 20);
    TrainingEstimate paged =
        train(
            spec,
            new Mechanisms(
                Framework.TORCHTUNE, null, false, false, false, null, true, null, null, null, 0),
            Method.FULL,
            Checkpointing.FULL,
            2,
            512);
    assertEquals(0, paged.optimizerBytes());
    assertEquals(base.optimizerBytes(), paged.cpuBytes());
    TrainingEstimate off =
        train(
            spec,
            new Mechanisms(
                Framework.TORCHTUNE, null, false, false, true, null, false, null, true, null, 0),
            Method.FULL,
            Checkpointing.FULL,
            2,
            512);
    assertEquals(base.activationBytes() - 27L * 1024 * 4096 * 2, off.activationBytes());
    // No framework: the figures of earlier releases (context + 10% of activations, no transient).
    TrainingEstimate neutral =
        train(spec, Mechanisms.none(), Method.FULL, Checkpointing.FULL, 2, 512);
    assertEquals(0, neutral.transientBytes());
    assertEquals(
        Overhead.bytes(Workload.defaults(), neutral.activationBytes()), neutral.overheadBytes());
  }
}
