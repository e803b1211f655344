package io.hfvram.estimate;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.WeightGroup;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * FSDP1 full sharding on one rank, replayed through {@link CachingAllocator} with its three streams
 * (docs/formulas.md, "FSDP1, replayed"): the compute stream, FSDP's unshard stream (all-gather
 * outputs) and its post-backward stream (reduce-scatter outputs, which become the gradient shards).
 * A block is reused only by its own stream, so the gathered units and the gradient shards form
 * pools the compute stream cannot use. Sources: torch 2.2-era {@code
 * torch/distributed/fsdp/_runtime_utils.py} ({@code _unshard}, {@code _reshard}, {@code
 * _pre_backward_hook} with BACKWARD_PRE prefetch, {@code _post_backward_hook}, {@code
 * _reduce_grad}), {@code _flat_param.py}, {@code _limiter_utils.py} (at most two frees in flight),
 * {@code _init_utils.py} ({@code sync_module_states}); torchtune fef3ed10d {@code
 * recipes/full_finetune_distributed.py} (rank 0 loads on the CPU, units are materialised,
 * broadcast, flattened and sharded one by one; {@code empty_cache} before training); torch {@code
 * optim/adam.py} (foreach AdamW, states created on the first step).
 */
final class FsdpTrace {
  static final int COMPUTE = 0;
  static final int UNSHARD = 1;
  static final int POST_BACKWARD = 2;

  /** FSDP's rate limiter keeps at most this many unit frees in flight. */
  static final int IN_FLIGHT = 2;

  /** c10d broadcast_coalesced's bucket (sync_module_states): 250 MiB. */
  static final long BUCKET = 250L << 20;

  private final CachingAllocator alloc = new CachingAllocator();
  private final Plan plan;
  private final StepShapes shapes;
  private final int n;
  private final int w;
  private final List<List<Long>> units;
  private final List<CachingAllocator.Block> gradShards = new ArrayList<>();
  private final List<CachingAllocator.Block> states = new ArrayList<>();
  private final Deque<CachingAllocator.Block> pendingUnshardFrees = new ArrayDeque<>();

  private FsdpTrace(Plan plan, StepShapes shapes) {
    this.plan = plan;
    this.shapes = shapes;
    this.n = plan.training().gpus();
    this.w = plan.precision().computeBytes();
    this.units = units(plan.spec());
  }

  /** Replays set-up and three steps; the peaks are those after set-up's empty_cache. */
  static StepTrace.Result simulate(Plan plan, StepShapes shapes) {
    FsdpTrace t = new FsdpTrace(plan, shapes);
    t.init();
    for (int i = 0; i < StepTrace.STEPS; i++) {
      t.step();
    }
    return new StepTrace.Result(t.alloc.peakAllocated(), t.alloc.peakReserved());
  }

  /** The units: each layer's parameters, then the root's (embeddings, final norm, head). */
  static List<List<Long>> units(ModelSpec spec) {
    long layers = spec.numLayers();
    List<Long> layer = new ArrayList<>();
    List<Long> root = new ArrayList<>();
    for (WeightGroup g : spec.weights()) {
      long copies = StepTrace.perLayer(spec, g);
      for (long i = 0; i < copies; i++) {
        layer.add(g.parametersPerInstance());
      }
      for (long i = 0; i < g.instances() - copies * layers; i++) {
        root.add(g.parametersPerInstance());
      }
    }
    List<List<Long>> out = new ArrayList<>();
    for (long l = 0; l < layers; l++) {
      out.add(layer);
    }
    out.add(root);
    return out;
  }

  private long unitElements(int u) {
    return units.get(u).stream().mapToLong(Long::longValue).sum();
  }

  /**
   * The unit's trained elements: all of them for a full fine-tune, else its layer's LoRA adapters
   * (the root's head and embeddings are frozen).
   */
  private long trainable(int u) {
    TrainingSetup t = plan.training();
    if (t.method() == Method.FULL) {
      return unitElements(u);
    }
    if (u == units.size() - 1) {
      return 0;
    }
    long layers = Math.max(1, plan.spec().numLayers());
    return Lora.trainable(plan.spec(), t.loraRank(), t.loraTargets()) / layers;
  }

  private long trainableShardBytes(int u, int bytes) {
    return Math.multiplyExact((trainable(u) + n - 1) / n, bytes);
  }

  private long shardBytes(int u, int bytes) {
    return Math.multiplyExact((unitElements(u) + n - 1) / n, bytes);
  }

  /**
   * Set-up: per unit the materialised tensors, the broadcast's coalesced bucket, the flat parameter
   * and its shard, then the frees; lazy init allocates and frees each padded unit; empty_cache and
   * a peak reset before training.
   */
  private void init() {
    for (int u = 0; u < units.size(); u++) {
      List<CachingAllocator.Block> originals = new ArrayList<>();
      for (long p : units.get(u)) {
        originals.add(alloc.malloc(p * w));
      }
      broadcastBuckets(units.get(u));
      CachingAllocator.Block flat = alloc.malloc(unitElements(u) * w);
      alloc.malloc(shardBytes(u, w));
      alloc.free(flat);
      alloc.freeAll(originals);
    }
    alloc.emptyCache();
    for (int u = units.size() - 1; u >= 0; u--) {
      alloc.free(alloc.malloc(shardBytes(u, w) * n));
    }
    alloc.resetPeaks();
  }

  /** broadcast_coalesced: buckets close at 250 MiB; a bucket of several tensors is a cat. */
  private void broadcastBuckets(List<Long> params) {
    long bucket = 0;
    int count = 0;
    for (long p : params) {
      bucket += p * w;
      count++;
      if (bucket >= BUCKET) {
        if (count > 1) {
          alloc.free(alloc.malloc(bucket));
        }
        bucket = 0;
        count = 0;
      }
    }
    if (count > 1) {
      alloc.free(alloc.malloc(bucket));
    }
  }

  private void step() {
    int root = units.size() - 1;
    int layers = root;
    CachingAllocator.Block rootFull = alloc.malloc(shardBytes(root, w) * n, UNSHARD);
    List<CachingAllocator.Block> inputs = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      CachingAllocator.Block full = unshard(l);
      alloc.freeAll(alloc.mallocAll(shapes.saved(l)));
      inputs.add(alloc.malloc(shapes.layerInput()));
      reshard(full);
    }
    List<CachingAllocator.Block> loss = alloc.mallocAll(shapes.lossTensors());
    alloc.freeAll(alloc.mallocAll(shapes.headTensors()));
    alloc.freeAll(loss);
    // the head's weight gradient is made first and lives until the root's post-backward
    List<Long> rootParams = units.get(root);
    CachingAllocator.Block headGrad = alloc.malloc(rootParams.get(rootParams.size() - 1) * w);
    CachingAllocator.Block next = layers > 0 ? unshard(layers - 1) : null;
    CachingAllocator.Block pendingGrad = null;
    for (int l = layers - 1; l >= 0; l--) {
      CachingAllocator.Block full = next;
      next = l > 0 ? unshard(l - 1) : null;
      List<CachingAllocator.Block> recomputed = alloc.mallocAll(shapes.saved(l));
      alloc.freeAll(alloc.mallocAll(shapes.backwardTemps()));
      CachingAllocator.Block flatGrad = unitGradient(l);
      alloc.freeAll(recomputed);
      alloc.free(inputs.get(l));
      reshard(full);
      gradShards.add(
          alloc.malloc(trainableShardBytes(l, plan.precision().gradientBytes()), POST_BACKWARD));
      // the reduce-scatter still reads the flat gradient: freed once the next one exists
      if (pendingGrad != null) {
        alloc.free(pendingGrad);
      }
      pendingGrad = flatGrad;
    }
    CachingAllocator.Block rootGrad = unitGradient(root);
    alloc.free(headGrad);
    alloc.free(rootFull);
    gradShards.add(
        alloc.malloc(trainableShardBytes(root, plan.precision().gradientBytes()), POST_BACKWARD));
    if (pendingGrad != null) {
      alloc.free(pendingGrad);
    }
    alloc.free(rootGrad);
    optimizerStep();
    alloc.freeAll(gradShards);
    gradShards.clear();
  }

  /** Per-parameter gradients, then their concatenation into the flat gradient (split backward). */
  private CachingAllocator.Block unitGradient(int u) {
    int g = plan.precision().gradientBytes();
    List<CachingAllocator.Block> per = new ArrayList<>();
    if (plan.training().method() == Method.FULL) {
      for (long p : units.get(u)) {
        per.add(alloc.malloc(p * g));
      }
    }
    CachingAllocator.Block flat = alloc.malloc(Math.max(1, trainable(u)) * g);
    alloc.freeAll(per);
    return flat;
  }

  /** The all-gather output on the unshard stream, after the limiter lets a pending free land. */
  private CachingAllocator.Block unshard(int u) {
    while (pendingUnshardFrees.size() >= IN_FLIGHT) {
      alloc.free(pendingUnshardFrees.removeFirst());
    }
    return alloc.malloc(shardBytes(u, w) * n, UNSHARD);
  }

  /** A freed unit returns to the unshard pool only once the compute stream is done with it. */
  private void reshard(CachingAllocator.Block full) {
    if (full != null) {
      pendingUnshardFrees.addLast(full);
    }
  }

  /** foreach AdamW on the shards: states on the first step, then one sqrt per shard at once. */
  private void optimizerStep() {
    while (!pendingUnshardFrees.isEmpty()) {
      alloc.free(pendingUnshardFrees.removeFirst());
    }
    TrainingSetup t = plan.training();
    Precision pr = plan.precision();
    // the root's flat parameter first, then the layers', as the optimizer holds them
    int root = units.size() - 1;
    List<StepTrace.Param> shards = new ArrayList<>();
    for (int k = 0; k <= root; k++) {
      int u = k == 0 ? root : k - 1;
      long shard = (trainable(u) + n - 1) / n;
      shards.add(new StepTrace.Param(shard, shard * w, u, true, 1));
    }
    if (states.isEmpty()) {
      for (StepTrace.Param flat : shards) {
        states.addAll(alloc.mallocAll(OptimizerTensors.states(t.optimizer(), pr, flat)));
      }
    }
    OptimizerStep kind = t.mechanisms().stepOrDefault();
    List<CachingAllocator.Block> temps = new ArrayList<>();
    for (StepTrace.Param flat : shards) {
      temps.addAll(alloc.mallocAll(OptimizerTensors.temporaries(kind, t.optimizer(), pr, flat)));
    }
    alloc.freeAll(temps);
  }
}
