package io.hfvram.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The planner: configurations that fit, cheapest first, each re-estimated here from its own
 * workload, and a search that stays within its budget.
 */
final class PlannerTest {
  private static final ModelSpec LLAMA31_8B = Specs.fixture("meta-llama--Llama-3.1-8B");
  private static final ModelSpec LLAMA2_70B = Specs.fixture("meta-llama--Llama-2-70b-hf");

  private static Workload on(String gpu, TrainingSetup t) {
    Gpus.Gpu g = Gpus.find(gpu);
    return Workload.defaults().withTraining(t).withServing(Serving.defaults().withGpu(g));
  }

  private static TrainingSetup qlora() {
    return TrainingSetup.defaults().withMethod(Method.QLORA, 16, List.of());
  }

  @Test
  void qloraOnA4090FitsWithCheckpointingFirst() {
    Fit f = Estimator.estimate(LLAMA31_8B, on("rtx-4090", qlora())).fit();
    assertFalse(f.trainingFits());
    assertFalse(f.suggestions().isEmpty());
    Suggestion best = f.suggestions().get(0);
    assertEquals("--grad-checkpointing full", best.flags());
    assertEquals(List.of("full checkpointing"), best.changes());
    assertEquals(1, best.gpus());
    for (Suggestion s : f.suggestions()) {
      assertFalse(s.flags().contains("--method lora"), s.flags());
      assertTrue(s.totalBytes() <= f.gpuMemoryBytes(), s.flags());
    }
  }

  @Test
  void aWorkloadThatFitsGetsNoSuggestions() {
    TrainingSetup t = qlora().withCheckpointing(Checkpointing.FULL);
    Fit f = Estimator.estimate(LLAMA31_8B, on("rtx-4090", t)).fit();
    assertTrue(f.trainingFits());
    assertEquals(List.of(), f.suggestions());
    Fit h100 = Estimator.estimate(LLAMA31_8B, on("h100-80gb", qlora())).fit();
    assertTrue(h100.trainingFits());
    assertEquals(List.of(), h100.suggestions());
  }

  /** Every change, applied to the workload, gives the suggestion's own total, which fits. */
  @Test
  void everySuggestionIsTheFlagsOfAWorkloadThatFits() {
    List<Workload> cases =
        List.of(
            on("rtx-4090", qlora()),
            on("rtx-4090", TrainingSetup.defaults()),
            on("rtx-4090", qlora()).withBatchSize(8),
            on("rtx-4090", qlora()).withAttention(AttentionImpl.EAGER),
            on("h100-80gb", TrainingSetup.defaults()));
    for (ModelSpec spec : List.of(LLAMA31_8B, LLAMA2_70B)) {
      for (Workload w : cases) {
        Plan p = Plan.of(spec, w);
        for (Planner.Knob k : Planner.candidates(p)) {
          for (Planner.Change c : k.settings()) {
            assertFalse(
                Planner.flags(p, Plan.of(spec, c.apply().apply(w))).isEmpty(),
                k.name() + ": " + c.description() + " has no flag");
          }
        }
        long mem = w.serving().gpuMemoryBytes();
        List<Suggestion> s = Planner.suggest(p, mem);
        int changes = 0;
        for (Suggestion x : s) {
          assertTrue(x.totalBytes() <= mem, x.flags());
          assertTrue(x.changes().size() >= changes, "fewer changes first: " + s);
          changes = x.changes().size();
        }
      }
    }
  }

  @Test
  void theSearchStaysWithinItsBudget() {
    // Nothing fits a 70B full fine-tune on a T4 with one change: the search goes deep.
    for (String gpu : List.of("t4", "rtx-4090", "h100-80gb")) {
      Plan p = Plan.of(LLAMA2_70B, on(gpu, TrainingSetup.defaults()).withBatchSize(16));
      PlanSearch s = new PlanSearch(p, Gpus.find(gpu).memoryBytes());
      List<Suggestion> found = s.run();
      assertTrue(s.calls() <= Planner.BUDGET, gpu + ": " + s.calls() + " calls");
      assertTrue(found.size() <= Planner.LIMIT);
    }
  }

  @Test
  void aChangeThatSavesNothingIsNotSuggested() {
    // Selective checkpointing recomputes the attention scores, which flash attention never
    // stores: it saves nothing, so the planner drops it.
    Fit f = Estimator.estimate(LLAMA31_8B, on("rtx-4090", qlora())).fit();
    for (Suggestion s : f.suggestions()) {
      assertFalse(s.flags().contains("selective"), s.flags());
    }
  }

  @Test
  void theSuggestionsWorkloadReEstimatesToItsTotal() {
    Workload w = on("rtx-4090", qlora());
    Suggestion best = Estimator.estimate(LLAMA31_8B, w).fit().suggestions().get(0);
    Workload applied = w.withTraining(w.training().withCheckpointing(Checkpointing.FULL));
    TrainingEstimate t =
        TrainingEstimator.estimate(
            Plan.of(LLAMA31_8B, applied), new ArrayList<>(), new ArrayList<>());
    assertEquals(best.totalBytes(), t.totalBytes());
    assertTrue(Estimator.estimate(LLAMA31_8B, applied).fit().trainingFits());
  }
}
