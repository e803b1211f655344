package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replays of {@link StepTrace} and {@link Nf4Init}: torchtune's QLoRA set-up against the
 * reserved memory its tutorial reports, the worked peak of one {@code to_nf4} call, and invariants
 * of the replayed training steps.
 */
class AllocatorReplayTest {
  private static final List<String> ALL =
      List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

  static Plan plan(ModelSpec spec, Framework f, Method method, long b, long s, boolean amp) {
    TrainingSetup t =
        new TrainingSetup(
            method,
            Optimizer.ADAMW,
            amp ? Precision.AMP : Precision.BF16,
            8,
            method == Method.FULL ? List.of() : ALL,
            Checkpointing.FULL,
            1,
            0,
            Offload.NONE,
            1,
            false,
            Mechanisms.of(f));
    Workload w = Workload.defaults().withBatchSize(b).withSequenceLength(s).withTraining(t);
    return Plan.of(spec, w);
  }

  @Test
  void torchtuneQloraSetUpReservesWhatItsTutorialReports() {
    ModelSpec llama = Specs.fixture("meta-llama--Llama-2-7b-hf");
    CachingAllocator a = new CachingAllocator();
    Nf4Init.replay(a, plan(llama, Framework.TORCHTUNE, Method.QLORA, 2, 512, false));
    // torchtune fef3ed10d docs/source/tutorials/qlora_finetune.rst: 9.13 GB reserved after init
    double gb = a.peakReserved() / 1e9;
    assertTrue(Math.abs(gb / 9.13 - 1) < 0.05, "reserved after set-up " + gb + " GB");
    // one MLP weight's load: the model after set-up + fp16 and bf16 copies (4n) + to_nf4's
    // transients (2n scaled blocks + two (n, 16) bf16 tensors = 66n) on top
    long n = 4096L * 11008;
    assertTrue(a.peakAllocated() >= a.allocated() + 70 * n - 4 * n / 16);
    // what stays: the NF4 weights (n/2 + n/64 + n/32 per weight) and the bf16 rest
    long perLayer = 4L * 4096 * 4096 + 3 * n;
    long nf4 = 32 * (perLayer / 2 + perLayer / 64 + perLayer / 32);
    assertTrue(a.allocated() > nf4 && a.allocated() < nf4 + (600L << 20), "" + a.allocated());
  }

  @Test
  void theReplayNeverReservesLessThanItAllocatesAndGrowsWithTheBatch() {
    ModelSpec bert = Specs.fixture("google-bert--bert-large-uncased");
    long last = 0;
    for (long b : new long[] {1, 2, 4}) {
      Plan p = plan(bert, Framework.HF, Method.FULL, b, 512, false);
      StepShapes shapes = StepShapes.of(p, 0, 0, 0, 0);
      StepTrace.Result r = StepTrace.simulate(p, shapes, true);
      assertTrue(r.peakReserved() >= r.peakAllocated());
      assertTrue(r.peakAllocated() > last, "allocated grows with the batch");
      last = r.peakAllocated();
    }
  }

  @Test
  void theReplaysTensorsAddUpToTheSavedActivations() {
    ModelSpec llama = Specs.fixture("meta-llama--Llama-3.2-1B");
    Plan p = plan(llama, Framework.HF, Method.FULL, 1, 512, false);
    StepShapes shapes = StepShapes.of(p, 0, 0, 0, 0);
    long sum = 0;
    for (int l = 0; l < shapes.layers().size(); l++) {
      sum += shapes.saved(l).stream().mapToLong(Long::longValue).sum();
    }
    long perToken = 0;
    for (ActivationBlocks.Block k : ActivationBlocks.layers(llama, 512, 2, false)) {
      perToken += k.count() * (k.replicated() + k.inner());
    }
    assertEquals(perToken * 512, sum);
  }

  @Test
  void reservedIsTheAllocatedPeakPlusTheReplaysReserveForProfiles() {
    ModelSpec bert = Specs.fixture("google-bert--bert-large-uncased");
    Plan p = plan(bert, Framework.HF, Method.FULL, 4, 512, true);
    TrainingEstimate t = Estimator.estimate(bert, p.workload()).training();
    assertTrue(t.reservedBytes() >= t.allocatorPeakBytes());
    assertTrue(t.totalBytes() == t.reservedBytes() + t.contextBytes(), t.toString());
  }

  @Test
  void fsdpReplayHoldsTheStepPeakAndTheUnshardStreamsPool() {
    ModelSpec llama = Specs.fixture("meta-llama--Llama-2-7b-hf");
    TrainingSetup t =
        new TrainingSetup(
            Method.FULL,
            Optimizer.ADAMW,
            Precision.BF16,
            8,
            List.of(),
            Checkpointing.FULL,
            4,
            3,
            Offload.NONE,
            1,
            false,
            new Mechanisms(
                Framework.TORCHTUNE,
                null,
                false,
                false,
                false,
                OptimizerStep.FOREACH,
                false,
                null,
                null,
                null,
                0));
    Plan p = plan(llama, t, 2, 512);
    StepTrace.Result r = FsdpTrace.simulate(p, StepShapes.of(p, 0, 0, 0, 0));
    // docs/formulas.md "FSDP1, replayed": at the foreach step, 5 x the rank's 3,369,207,808 B of
    // shards (weights, gradients, two states, the sqrt temporaries)
    double stepPeak = 5 * 3_369_207_808.0;
    assertTrue(Math.abs(r.peakAllocated() / stepPeak - 1) < 0.02, "" + r.peakAllocated());
    // the unshard stream keeps at least the root unit (524,296,192 B) and a layer (404,766,720 B)
    assertTrue(r.reserve() >= 524_296_192L + 404_766_720L, "" + r.reserve());
  }

  @Test
  void fsdpUnitsSpreadTheExpertsOverTheLayersAndAddUpToTheModel() {
    for (String m : List.of("mistralai--Mixtral-8x7B-v0.1", "deepseek-ai--DeepSeek-V3")) {
      ModelSpec spec = Specs.fixture(m);
      List<List<Long>> units = FsdpTrace.units(spec);
      long total = 0;
      for (List<Long> u : units) {
        total += u.stream().mapToLong(Long::longValue).sum();
      }
      long all = spec.weights().stream().mapToLong(g -> g.parameters()).sum();
      assertEquals(all, total, m);
      long root = units.get(units.size() - 1).stream().mapToLong(Long::longValue).sum();
      // the root holds the embeddings, the head, the final norm and at most a layer's remainder
      assertTrue(root < all / 10, m + " root " + root);
    }
  }

  static Plan plan(ModelSpec spec, TrainingSetup t, long b, long s) {
    return Plan.of(
        spec, Workload.defaults().withBatchSize(b).withSequenceLength(s).withTraining(t));
  }
}
