package io.hfvram.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * "How do I make it fit?": when training does not fit the GPU, searches the changes a user would
 * actually make (checkpointing, a smaller micro-batch with gradient accumulation, an 8-bit
 * optimizer, LoRA or QLoRA, shorter sequences, ZeRO-3/FSDP over more GPUs, CPU offload) and returns
 * the cheapest few configurations that fit, each re-estimated on the real formulas.
 *
 * <p>Changes are grouped in knobs; a knob's settings are mutually exclusive and ordered mildest
 * first (each one needs less memory than the one before). A configuration takes at most one setting
 * per knob; fewer knobs rank first, then knobs that keep the result (checkpointing, accumulation,
 * sharding, offload) before those that change it (optimizer, LoRA) and those that change the data
 * (sequence length), then fewer GPUs, then the smaller total. A set of knobs that contains a
 * smaller set which already fits is skipped, and so is a set whose strongest settings together do
 * not fit, so the search stays within {@link #BUDGET} estimates (docs/formulas.md, "Planner").
 */
final class Planner {
  /** Suggestions returned at most. */
  static final int LIMIT = 3;

  /** Knobs changed together at most. */
  static final int MAX_CHANGES = 3;

  /** Estimator calls per search at most. */
  static final int BUDGET = 400;

  /** Data-parallel GPUs the sharding knob goes up to. */
  static final int MAX_GPUS = 64;

  /** The shortest sequence the sequence knob suggests. */
  static final long MIN_SEQUENCE = 256;

  private Planner() {}

  /**
   * One setting of a knob.
   *
   * @param description what it changes, for people
   * @param apply the change, as a function of the workload
   */
  record Change(String description, UnaryOperator<Workload> apply) {}

  /**
   * A knob: its settings, mildest first.
   *
   * @param name its name
   * @param cost what changing it costs: 0 when the result stays the same (only speed or GPUs
   *     change), 1 when what trains or how it is updated changes, 2 when the data does
   * @param settings its settings, mildest first
   */
  record Knob(String name, int cost, List<Change> settings) {}

  /**
   * The candidate changes for this plan. Knobs apply in this order (sharding before offload). Their
   * order is the flags' order. A new candidate is one {@code add} line; its flag goes in {@link
   * #flags}.
   */
  static List<Knob> candidates(Plan p) {
    TrainingSetup t = p.training();
    List<Knob> knobs = new ArrayList<>();
    add(
        knobs,
        "attention",
        0,
        p.attention() == AttentionImpl.EAGER,
        new Change("fused attention", w -> w.withAttention(AttentionImpl.FLASH)));
    knobs.add(new Knob("micro-batch", 0, microBatches(p.batchSize())));
    knobs.add(new Knob("sequence", 2, sequences(p.sequenceLength())));
    add(
        knobs,
        "method",
        1,
        t.method() == Method.FULL,
        new Change("LoRA", w -> method(w, Method.LORA)));
    add(
        knobs,
        "method",
        1,
        t.method() != Method.QLORA,
        new Change("QLoRA, 4-bit base", w -> method(w, Method.QLORA)));
    add(
        knobs,
        "optimizer",
        1,
        t.optimizer() == Optimizer.ADAMW,
        new Change("8-bit AdamW", w -> optimizer(w, Optimizer.ADAMW_8BIT)));
    add(
        knobs,
        "checkpointing",
        0,
        t.checkpointing() == Checkpointing.NONE,
        new Change("selective checkpointing", w -> checkpointing(w, Checkpointing.SELECTIVE)),
        new Change("full checkpointing", w -> checkpointing(w, Checkpointing.FULL)));
    knobs.add(new Knob("sharding", 0, sharding(t)));
    add(
        knobs,
        "offload",
        0,
        t.offload() == Offload.NONE,
        new Change("optimizer offloaded to CPU", w -> offload(w, Offload.OPTIMIZER)));
    add(
        knobs,
        "offload",
        0,
        t.offload() != Offload.PARAMS,
        new Change("parameters and optimizer offloaded to CPU", w -> offload(w, Offload.PARAMS)));
    knobs.removeIf(k -> k.settings().isEmpty());
    return knobs;
  }

  /**
   * The flags that turn {@code base} into {@code w}, in a fixed order: every field a candidate may
   * change has its line here.
   */
  static String flags(Plan base, Plan w) {
    TrainingSetup a = base.training();
    TrainingSetup b = w.training();
    List<String> f = new ArrayList<>();
    flag(f, "--attention", base.attention(), w.attention());
    flag(f, "--batch-size", base.batchSize(), w.batchSize());
    flag(f, "--seq-len", base.sequenceLength(), w.sequenceLength());
    flag(f, "--method", a.method(), b.method());
    flag(f, "--optimizer", a.optimizer(), b.optimizer());
    flag(f, "--grad-checkpointing", a.checkpointing(), b.checkpointing());
    flag(f, "--zero", a.zeroStage(), b.zeroStage());
    flag(f, "--gpus", a.gpus(), b.gpus());
    flag(f, "--offload", a.offload(), b.offload());
    return String.join(" ", f);
  }

  /** The cheapest configurations that fit {@code mem}, at most {@link #LIMIT}. */
  static List<Suggestion> suggest(Plan p, long mem) {
    return new PlanSearch(p, mem).run();
  }

  private static void add(
      List<Knob> knobs, String name, int cost, boolean applies, Change... settings) {
    if (!applies) {
      return;
    }
    for (Knob k : knobs) {
      if (k.name().equals(name)) {
        k.settings().addAll(List.of(settings));
        return;
      }
    }
    knobs.add(new Knob(name, cost, new ArrayList<>(List.of(settings))));
  }

  private static void flag(List<String> f, String name, Object before, Object after) {
    if (!before.equals(after)) {
      f.add(name + " " + after);
    }
  }

  /** Halvings of the batch down to 1, with gradient accumulation keeping the effective batch. */
  private static List<Change> microBatches(long batch) {
    List<Change> out = new ArrayList<>();
    for (long b = batch / 2; b >= 1 && out.size() < 5; b = b == 1 ? 0 : Math.max(1, b / 2)) {
      long micro = b;
      long steps = (batch + micro - 1) / micro;
      out.add(
          new Change(
              "micro-batch " + micro + " x " + steps + " gradient-accumulation steps",
              w -> w.withBatchSize(micro)));
    }
    return out;
  }

  /** Halvings of the sequence, at most three, down to {@link #MIN_SEQUENCE}. */
  private static List<Change> sequences(long seq) {
    List<Change> out = new ArrayList<>();
    for (long s = seq / 2; s >= MIN_SEQUENCE && out.size() < 3; s /= 2) {
      long len = s;
      out.add(new Change(len + "-token sequences", w -> w.withSequenceLength(len)));
    }
    return out;
  }

  /** ZeRO-3 / FSDP full shard over the current GPUs (when more than one), then twice as many. */
  private static List<Change> sharding(TrainingSetup t) {
    List<Change> out = new ArrayList<>();
    int from = t.zeroStage() == 3 || t.gpus() == 1 ? t.gpus() * 2 : t.gpus();
    for (int n = from; n <= Math.max(MAX_GPUS, t.gpus()); n *= 2) {
      int gpus = n;
      out.add(
          new Change(
              "ZeRO-3 / FSDP full_shard over " + gpus + " GPUs",
              w -> w.withTraining(w.training().withSharding(gpus, 3, w.training().offload()))));
    }
    return out;
  }

  private static Workload optimizer(Workload w, Optimizer o) {
    return w.withTraining(w.training().withOptimizer(o));
  }

  private static Workload checkpointing(Workload w, Checkpointing c) {
    return w.withTraining(w.training().withCheckpointing(c));
  }

  private static Workload method(Workload w, Method m) {
    TrainingSetup t = w.training();
    return w.withTraining(t.withMethod(m, t.loraRank(), t.loraTargets()));
  }

  /** Offload; DeepSpeed offloads only under ZeRO (stage 2 at least, 3 for parameters). */
  private static Workload offload(Workload w, Offload o) {
    TrainingSetup t = w.training();
    int stage = o == Offload.PARAMS ? 3 : Math.max(2, t.zeroStage());
    return w.withTraining(t.withSharding(t.gpus(), stage, o));
  }
}
