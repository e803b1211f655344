package io.hfvram.estimate;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Role;
import io.hfvram.spec.WeightGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays the tensor allocations of training steps on one GPU through {@link CachingAllocator}, to
 * learn how much the caching allocator reserves beyond the allocated peak (docs/formulas.md,
 * "Caching allocator"). The order is the one eager PyTorch follows: the weights in module order at
 * load; each step's forward allocating, layer by layer, the tensors the block saves ({@link
 * ActivationBlocks}) and its short-lived ones (eager attention's raw and masked scores); the head's
 * loss; a backward pass in reverse that recomputes a checkpointed layer, allocates its gradient
 * temporaries and the parameter gradients and frees what the layer saved; then the optimizer step,
 * whose states are created lazily on the first step. Three steps are replayed, since the first
 * step's states are carved out of cached activation blocks and the second step's activations must
 * then find room around them.
 */
final class StepTrace {
  /** Steps replayed: the first creates the optimizer states, the second and third reuse them. */
  static final int STEPS = 3;

  /** The simulated peaks. */
  record Result(long peakAllocated, long peakReserved) {
    /** Bytes the allocator holds beyond the allocated peak. */
    long reserve() {
      return Math.max(0, peakReserved - peakAllocated);
    }
  }

  /**
   * One parameter tensor: its elements and stored bytes, its layer (-1 before the blocks, L after
   * them), whether it is trained, and its rows (output features; 1 for a vector). A matrix is a
   * Linear weight, which AMP casts to 16 bits.
   */
  record Param(long elements, long bytes, int layer, boolean trainable, long rows) {
    boolean matrix() {
      return rows > 1 && elements > rows;
    }
  }

  private final CachingAllocator alloc = new CachingAllocator();
  private final Plan plan;
  private final StepShapes shapes;
  private final List<Param> params;
  private final List<CachingAllocator.Block> grads = new ArrayList<>();
  private final List<CachingAllocator.Block> states = new ArrayList<>();
  private boolean statesMade;

  private final boolean setToNone;

  private StepTrace(Plan plan, StepShapes shapes, boolean setToNone) {
    this.plan = plan;
    this.shapes = shapes;
    this.params = params(plan);
    this.setToNone = setToNone;
  }

  /**
   * Replays {@link #STEPS} training steps of the plan with the tensor sizes of {@code shapes};
   * {@code setToNone}: whether zero_grad frees the gradients between steps (PyTorch 2's default) or
   * zeroes them in place.
   */
  static Result simulate(Plan plan, StepShapes shapes, boolean setToNone) {
    StepTrace t = new StepTrace(plan, shapes, setToNone);
    if (Nf4Init.applies(plan)) {
      Nf4Init.replay(t.alloc, plan);
    } else {
      for (Param w : t.params) {
        t.alloc.malloc(w.bytes());
      }
    }
    // the peaks count from the first step (torchtune's memory_stats_log resets them after
    // set-up); reserved memory stays what loading or set-up left
    t.alloc.resetPeaks();
    for (int i = 0; i < STEPS; i++) {
      t.step();
    }
    return new Result(t.alloc.peakAllocated(), t.alloc.peakReserved());
  }

  private void step() {
    TrainingSetup t = plan.training();
    boolean full = t.checkpointing() == Checkpointing.FULL;
    List<CachingAllocator.Block> once = alloc.mallocAll(List.of(shapes.once()));
    List<List<CachingAllocator.Block>> saved = new ArrayList<>();
    List<List<CachingAllocator.Block>> casts = new ArrayList<>();
    int layers = shapes.layers().size();
    for (int l = 0; l < layers; l++) {
      casts.add(alloc.mallocAll(ampCasts(l)));
      List<CachingAllocator.Block> projections = alloc.mallocAll(shapes.attentionTransients());
      List<CachingAllocator.Block> layer = alloc.mallocAll(shapes.savedAttention(l));
      forwardTransients();
      layer.addAll(alloc.mallocAll(shapes.savedScores(l)));
      alloc.freeAll(projections);
      layer.addAll(alloc.mallocAll(shapes.savedRest(l)));
      if (full) {
        alloc.freeAll(layer);
        layer = alloc.mallocAll(List.of(shapes.layerInput()));
      }
      saved.add(layer);
    }
    List<CachingAllocator.Block> loss = alloc.mallocAll(shapes.lossTensors());
    alloc.freeAll(alloc.mallocAll(shapes.headTensors()));
    CachingAllocator.Block flowing = alloc.malloc(shapes.layerInput());
    alloc.freeAll(loss);
    paramGrads(layers);
    for (int l = layers - 1; l >= 0; l--) {
      List<CachingAllocator.Block> recomputed = full ? alloc.mallocAll(shapes.saved(l)) : List.of();
      alloc.freeAll(alloc.mallocAll(shapes.backwardTemps()));
      paramGrads(l);
      alloc.freeAll(recomputed);
      alloc.freeAll(saved.get(l));
      alloc.freeAll(casts.get(l));
      CachingAllocator.Block next = alloc.malloc(shapes.layerInput());
      alloc.free(flowing);
      flowing = next;
    }
    paramGrads(-1);
    alloc.free(flowing);
    alloc.freeAll(once);
    optimizerStep();
    if (setToNone) {
      alloc.freeAll(grads);
      grads.clear();
    }
  }

  /** AMP's 16-bit copies of layer {@code l}'s Linear weights, held by autocast until backward. */
  private List<Long> ampCasts(int l) {
    if (plan.precision() != Precision.AMP) {
      return List.of();
    }
    List<Long> out = new ArrayList<>();
    for (Param w : params) {
      if (w.layer() == l && w.matrix()) {
        out.add(Math.multiplyExact(w.elements(), 2));
      }
    }
    return out;
  }

  /**
   * Eager attention's raw and scaled/masked scores: two alive at once, then the softmax's input.
   */
  private void forwardTransients() {
    long scores = shapes.scoreTransient();
    if (scores <= 0) {
      return;
    }
    CachingAllocator.Block raw = alloc.malloc(scores);
    CachingAllocator.Block scaled = alloc.malloc(scores);
    alloc.free(raw);
    CachingAllocator.Block masked = alloc.malloc(scores);
    alloc.free(scaled);
    alloc.free(masked);
  }

  /** Gradients of the trainable parameters of layer {@code l}, allocated once per step. */
  private void paramGrads(int l) {
    int g = plan.precision().gradientBytes();
    boolean inBackward = plan.training().mechanisms().optimizerInBackward();
    // with gradients kept (zeroed in place), AccumulateGrad adds each new gradient into .grad:
    // the new one is a temporary; otherwise the first gradient becomes .grad (autograd's
    // AccumulateGrad steals it: torch/csrc/autograd/functions/accumulate_grad.h)
    boolean accumulate = !setToNone && statesMade && !inBackward;
    for (Param w : params) {
      if (w.layer() == l && w.trainable()) {
        CachingAllocator.Block grad = alloc.malloc(Math.multiplyExact(w.elements(), g));
        if (accumulate) {
          alloc.free(grad);
        } else if (inBackward) {
          update(w);
          alloc.free(grad);
        } else {
          grads.add(grad);
        }
      }
    }
  }

  /** One parameter's update in its gradient hook (optimizer-in-backward): states, temporaries. */
  private void update(Param w) {
    TrainingSetup t = plan.training();
    if (!statesMade && !t.mechanisms().paged()) {
      for (long bytes : OptimizerTensors.states(t.optimizer(), plan.precision(), w)) {
        states.add(alloc.malloc(bytes));
      }
    }
    OptimizerStep kind = t.mechanisms().stepOrDefault();
    alloc.freeAll(
        alloc.mallocAll(OptimizerTensors.temporaries(kind, t.optimizer(), plan.precision(), w)));
  }

  private void optimizerStep() {
    TrainingSetup t = plan.training();
    if (t.mechanisms().optimizerInBackward()) {
      statesMade = true;
      return;
    }
    if (!statesMade && !t.mechanisms().paged()) {
      for (Param w : params) {
        if (w.trainable()) {
          for (long bytes : OptimizerTensors.states(t.optimizer(), plan.precision(), w)) {
            states.add(alloc.malloc(bytes));
          }
        }
      }
    }
    statesMade = true;
    OptimizerStep kind = t.mechanisms().stepOrDefault();
    List<CachingAllocator.Block> temps = new ArrayList<>();
    for (Param w : params) {
      if (!w.trainable()) {
        continue;
      }
      for (long bytes : OptimizerTensors.temporaries(kind, t.optimizer(), plan.precision(), w)) {
        temps.add(alloc.malloc(bytes));
      }
      if (kind != OptimizerStep.FOREACH) {
        alloc.freeAll(temps);
        temps.clear();
      }
    }
    alloc.freeAll(temps);
  }

  /** The parameter tensors in module order: embeddings, each layer's groups, then the rest. */
  private static List<Param> params(Plan p) {
    ModelSpec spec = p.spec();
    int layers = Math.toIntExact(spec.numLayers());
    List<Param> before = new ArrayList<>();
    List<Param> perLayer = new ArrayList<>();
    List<Param> after = new ArrayList<>();
    for (WeightGroup g : spec.weights()) {
      List<Param> one = groupParams(p, g);
      long copies = perLayer(spec, g);
      for (long c = 0; c < copies; c++) {
        perLayer.addAll(one);
      }
      List<Param> target = g.role() == Role.EMBEDDING ? before : after;
      for (long i = 0; i < g.instances() - copies * layers; i++) {
        for (Param w : one) {
          target.add(
              new Param(
                  w.elements(),
                  w.bytes(),
                  g.role() == Role.EMBEDDING ? -1 : layers,
                  w.trainable(),
                  w.rows()));
        }
      }
    }
    List<Param> out = new ArrayList<>(before);
    for (int l = 0; l < layers; l++) {
      for (Param w : perLayer) {
        out.add(new Param(w.elements(), w.bytes(), l, w.trainable(), w.rows()));
      }
    }
    out.addAll(after);
    return out;
  }

  /**
   * A group's instances in each layer: its instances spread evenly over the layers (experts of the
   * MoE layers, dense MLPs of a few first layers), the remainder and the embeddings, head and final
   * norm outside them.
   */
  static long perLayer(ModelSpec spec, WeightGroup g) {
    long layers = spec.numLayers();
    if (layers < 2 || g.role() == Role.EMBEDDING || g.role() == Role.LM_HEAD) {
      return 0;
    }
    return g.instances() / layers;
  }

  /** One instance of a weight group: its weight, bias and LoRA adapters. */
  private static List<Param> groupParams(Plan p, WeightGroup g) {
    TrainingSetup t = p.training();
    Precision pr = p.precision();
    int resident = pr == Precision.AMP ? 4 : pr.computeBytes();
    List<Param> out = new ArrayList<>();
    boolean full = t.method() == Method.FULL;
    long n = g.matrixElements();
    Framework f = t.mechanisms().framework();
    if (t.method() == Method.QLORA && QuantStorage.quantized(p.spec(), g, f, t.loraTargets())) {
      out.add(new Param(n, n / 2, 0, false, 1));
      out.add(new Param(n / 64, (n + 63) / 64, 0, false, 1));
    } else {
      int bytes = t.method() == Method.QLORA && f == Framework.HF ? 4 : resident;
      out.add(new Param(n, Math.multiplyExact(n, bytes), 0, full, g.outFeatures()));
    }
    if (g.bias()) {
      out.add(new Param(g.outFeatures(), g.outFeatures() * (long) resident, 0, full, 1));
    }
    if (!full && Lora.targeted(p.spec(), g, t.loraTargets())) {
      long r = t.loraRank();
      out.add(new Param(r * g.inFeatures(), r * g.inFeatures() * resident, 0, true, r));
      out.add(
          new Param(r * g.outFeatures(), r * g.outFeatures() * resident, 0, true, g.outFeatures()));
    }
    return out;
  }
}
