package io.hfvram.estimate;

import io.hfvram.core.Numbers;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.WeightGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Training memory per GPU for one step: the method (full, LoRA, QLoRA) fixes what is trainable and
 * how the frozen base is stored, the precision the bytes per parameter, ZeRO/FSDP how they shard
 * over the data-parallel GPUs, offload what moves to the CPU; then activations and the overhead
 * (docs/formulas.md).
 */
final class TrainingEstimator {
  /** DeepSpeed's buffer factor on offloaded CPU memory (additional_buffer_factor). */
  static final double CPU_BUFFER_FACTOR = 1.5;

  private TrainingEstimator() {}

  /** Parameters that receive gradients, and bytes of the frozen base (0 for a full fine-tune). */
  private record Parameters(long trainable, long frozen) {}

  /**
   * The model states per GPU after sharding and offload.
   *
   * @param weights compute copy, AMP's fp32 weights and the gathered layer, / tp
   * @param gradients gradients, / tp
   * @param optimizer fp32 master weights and optimizer states, / tp
   * @param gathered ZeRO-3's gathered largest layer (before / tp)
   * @param cpu CPU memory for the node's offloaded states, 0 without offload
   */
  private record States(long weights, long gradients, long optimizer, long gathered, long cpu) {}

  /** The training estimate; its conventions go to {@code notes}, its formulas to {@code ex}. */
  static TrainingEstimate estimate(Plan p, List<String> notes, List<Explanation> ex) {
    TrainingSetup t = p.training();
    Parameters params = parameters(p);
    States st = shard(p, params, notes);
    long act =
        Activations.training(
            p.spec(), Saving.of(p), p.batchSize(), p.sequenceLength(), p.attention(), t);
    List<Explanation> extra = new ArrayList<>();
    TrainingPeak pk =
        TrainingPeak.of(
            p,
            new TrainingPeak.States(
                st.weights(), st.gradients(), st.optimizer(), act, st.cpu(), params.trainable()),
            notes,
            extra);
    long peak =
        Math.addExact(
            Math.addExact(pk.weights(), pk.gradients()),
            Math.addExact(Math.addExact(pk.optimizer(), pk.activations()), pk.transients()));
    long reserved = Math.addExact(peak, pk.reserve());
    long overhead = Math.addExact(pk.reserve(), pk.context());
    long total = Math.addExact(reserved, pk.context());
    explain(p, params, st, pk, overhead, ex);
    ex.addAll(extra);
    note(p, notes);
    return new TrainingEstimate(
        t.method(),
        t.optimizer(),
        p.precision(),
        p.batchSize(),
        p.sequenceLength(),
        params.trainable(),
        pk.weights(),
        pk.gradients(),
        pk.optimizer(),
        pk.activations(),
        overhead,
        total,
        t.gpus(),
        t.zeroStage(),
        t.offload(),
        pk.cpu(),
        t.method() == Method.FULL ? 0 : t.loraRank(),
        t.checkpointing(),
        pk.transients(),
        peak,
        reserved,
        pk.context(),
        t.mechanisms().framework());
  }

  private static Parameters parameters(Plan p) {
    ModelSpec spec = p.spec();
    TrainingSetup t = p.training();
    if (t.method() == Method.FULL) {
      return new Parameters(spec.parameters(), 0);
    }
    List<String> unknown = Lora.unknownTargets(spec, t.loraTargets());
    if (!unknown.isEmpty()) {
      throw new WorkloadException(
          "LoRA targets "
              + unknown
              + " match no module of "
              + spec.modelType()
              + "; its linear modules are "
              + Lora.moduleNames(spec));
    }
    long trainable = Lora.trainable(spec, t.loraRank(), t.loraTargets());
    long frozen = QuantStorage.frozenBase(p, t);
    return new Parameters(trainable, frozen);
  }

  /** ZeRO stage z over n GPUs partitions, offload moves to the CPU, tensor parallelism splits. */
  private static States shard(Plan p, Parameters params, List<String> notes) {
    TrainingSetup t = p.training();
    Precision pr = p.precision();
    long trainable = params.trainable();
    int n = t.gpus();
    int z = t.zeroStage();
    long computeFull =
        Math.addExact(params.frozen(), Math.multiplyExact(trainable, pr.computeBytes()));
    long compute = div(computeFull, z == 3 ? n : 1);
    long fp32Weights = div(Math.multiplyExact(trainable, pr.fp32WeightBytes()), z >= 1 ? n : 1);
    long grads = div(Math.multiplyExact(trainable, pr.gradientBytes()), z >= 2 ? n : 1);
    long optimizer =
        div(
            Math.addExact(
                Math.multiplyExact(trainable, pr.masterBytes()),
                optimizerStateBytes(
                    p.spec(), t.optimizer(), pr, trainable, t.method() != Method.FULL)),
            z >= 1 ? n : 1);
    // ZeRO-3/FSDP gathers one layer's 16-bit parameters (and its gradients) at a time; the
    // gathered copy never takes a GPU above holding the whole unsharded model.
    long gathered =
        z == 3 && n > 1 && !t.mechanisms().profiled()
            ? Math.min(
                Math.multiplyExact(largestLayer(p.spec()), 2L * pr.computeBytes()),
                computeFull - compute)
            : 0;
    long cpu = 0;
    if (t.offload() != Offload.NONE) {
      long offloaded = Math.addExact(Math.addExact(optimizer, fp32Weights), grads);
      long full = Math.multiplyExact(offloaded, z >= 1 ? n : 1);
      if (t.offload() == Offload.PARAMS) {
        full = Math.addExact(full, Math.multiplyExact(compute, n));
        compute = 0;
      }
      cpu = (long) Math.ceil(full * CPU_BUFFER_FACTOR);
      optimizer = 0;
      fp32Weights = 0;
      grads = 0;
      notes.add(
          "offload "
              + t.offload()
              + ": those states live in CPU memory ("
              + cpu
              + " B for the node, with DeepSpeed's "
              + CPU_BUFFER_FACTOR
              + "x buffer factor)");
    }
    int tp = t.tensorParallel();
    long weights = div(Math.addExact(Math.addExact(compute, fp32Weights), gathered), tp);
    return new States(weights, div(grads, tp), div(optimizer, tp), gathered, cpu);
  }

  private static void explain(
      Plan p, Parameters params, States st, TrainingPeak pk, long overhead, List<Explanation> ex) {
    explainStates(p, params, st, pk, ex);
    explainActivations(p, pk.activations(), overhead, ex);
  }

  /** " = value", with the value after the profile's mechanisms when they changed it. */
  private static String result(long sharded, long after) {
    return " = "
        + grouped(sharded)
        + (after != sharded ? "; after the profile's mechanisms " + grouped(after) : "");
  }

  private static void explainStates(
      Plan p, Parameters params, States st, TrainingPeak pk, List<Explanation> ex) {
    TrainingSetup t = p.training();
    Precision pr = p.precision();
    String trainable = grouped(params.trainable());
    String shard =
        (t.gpus() > 1 ? ", ZeRO-" + t.zeroStage() + " over " + t.gpus() + " GPUs" : "")
            + (t.tensorParallel() > 1 ? ", / tp " + t.tensorParallel() : "");
    ex.add(
        new Explanation(
            "training",
            "weightsBytes",
            (t.method() == Method.FULL ? "" : "frozen base " + grouped(params.frozen()) + " + ")
                + "trainable "
                + trainable
                + " x "
                + pr.weightBytes()
                + " B"
                + shard
                + (st.gathered() > 0 ? " + gathered largest layer " + grouped(st.gathered()) : "")
                + " = "
                + grouped(st.weights()),
            st.weights()));
    ex.add(
        new Explanation(
            "training",
            "gradientBytes",
            "trainable "
                + trainable
                + " x "
                + pr.gradientBytes()
                + " B"
                + shard
                + result(st.gradients(), pk.gradients()),
            pk.gradients()));
    ex.add(
        new Explanation(
            "training",
            "optimizerBytes",
            "trainable "
                + trainable
                + " x ("
                + pr.masterBytes()
                + " B master + "
                + stateBytesPerParameter(t.optimizer(), pr)
                + " B "
                + t.optimizer()
                + " states)"
                + shard
                + result(st.optimizer(), pk.optimizer()),
            pk.optimizer()));
  }

  private static void explainActivations(Plan p, long act, long overhead, List<Explanation> ex) {
    ModelSpec spec = p.spec();
    TrainingSetup t = p.training();
    Precision pr = p.precision();
    ex.add(
        new Explanation(
            "training",
            "activationBytes",
            Activations.describe(
                    spec, Saving.of(p), p.batchSize(), p.sequenceLength(), p.attention(), t)
                + " = "
                + grouped(act),
            act));
    ex.add(
        new Explanation(
            "training",
            "overheadBytes",
            p.workload().overheadBytes() != null
                ? "--overhead " + grouped(overhead)
                : t.mechanisms().profiled()
                    ? "CUDA context + the allocator's reserve (see contextBytes, reservedBytes) = "
                        + grouped(overhead)
                    : Overhead.FORMULA + "activations " + grouped(act) + " = " + grouped(overhead),
            overhead));
  }

  private static void note(Plan p, List<String> notes) {
    TrainingSetup t = p.training();
    int n = t.gpus();
    int z = t.zeroStage();
    int tp = t.tensorParallel();
    notes.add(methodNote(p));
    if (n > 1 || z > 0) {
      notes.add(
          "sharding: "
              + n
              + " GPUs, ZeRO stage "
              + z
              + (z == 0 ? " (DDP: every GPU" + " holds everything)" : "")
              + "; ZeRO-1 partitions optimizer states and fp32 weights,"
              + " ZeRO-2 also gradients, ZeRO-3/FSDP also the 16-bit weights (plus the largest"
              + " layer gathered: 2 x its parameters x compute bytes); figures are per GPU");
    }
    notes.add(Activations.note(p));
    notes.add(t.mechanisms().describe());
  }

  /** The method and bytes-per-parameter line of the notes. */
  private static String methodNote(Plan p) {
    TrainingSetup t = p.training();
    Precision pr = p.precision();
    return "training: "
        + t.method()
        + (t.method() == Method.FULL
            ? " fine-tune"
            : " (rank "
                + t.loraRank()
                + ", "
                + (t.loraTargets().isEmpty()
                    ? "attention and MLP projections"
                    : String.join(",", t.loraTargets()))
                + ")")
        + ", "
        + t.optimizer()
        + ", "
        + pr
        + " precision = "
        + pr.weightBytes()
        + " B weights + "
        + pr.gradientBytes()
        + " B gradients + "
        + (pr.masterBytes() + stateBytesPerParameter(t.optimizer(), pr))
        + " B optimizer"
        + (pr.masterBytes() > 0 ? " (incl. " + pr.masterBytes() + " B fp32 master weights)" : "")
        + " per trainable parameter"
        + (t.method() == Method.LORA ? "; frozen base at " + pr.computeBytes() + " B" : "")
        + (t.method() == Method.QLORA ? "; frozen base in 4-bit NF4 with double quant" : "");
  }

  /** The parameters of the largest single weight tensor (ZeRO-3 gathers one at a time). */
  static long largestLayer(ModelSpec spec) {
    long max = 0;
    for (WeightGroup g : spec.weights()) {
      max = Math.max(max, g.parametersPerInstance());
    }
    return max;
  }

  private static long div(long a, long n) {
    return n <= 1 ? a : (a + n - 1) / n;
  }

  /** Optimizer state bytes per parameter (rounded for Adafactor, whose state is factored). */
  static long stateBytesPerParameter(Optimizer o, Precision p) {
    if (o == Optimizer.ADAMW_8BIT) {
      return 2;
    }
    return (long) o.statesPerParameter() * p.stateBytes();
  }

  static long optimizerStateBytes(
      ModelSpec spec, Optimizer o, Precision p, long trainable, boolean adapters) {
    if (o != Optimizer.ADAFACTOR || adapters) {
      return Math.multiplyExact(
          trainable, o == Optimizer.ADAFACTOR ? p.stateBytes() : stateBytesPerParameter(o, p));
    }
    // Factored second moment: one row and one column vector per matrix, full for vectors.
    long elements = 0;
    for (WeightGroup g : spec.weights()) {
      long per = g.isMatrix() ? g.inFeatures() + g.outFeatures() : g.outFeatures();
      per += g.bias() ? g.outFeatures() : 0;
      elements = Math.addExact(elements, Math.multiplyExact(per, g.instances()));
    }
    return Math.multiplyExact(elements, p.stateBytes());
  }

  private static String grouped(long n) {
    return Numbers.grouped(n);
  }
}
