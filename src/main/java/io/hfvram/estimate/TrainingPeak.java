package io.hfvram.estimate;

import io.hfvram.core.Numbers;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Role;
import java.util.List;

/**
 * The training peak from the mechanisms of {@link Mechanisms}: the model states and saved
 * activations as sharded by {@link TrainingEstimator}, adjusted for what the framework really
 * allocates, then the peak's transients (the largest of the head's backward, a layer's backward and
 * the optimizer step), the allocator's reserve and the CUDA context (docs/formulas.md, "Training
 * mechanisms").
 *
 * @param weights weights per GPU
 * @param gradients gradients per GPU (DDP's bucket copies included)
 * @param optimizer optimizer states per GPU in torch's allocator (paged state excluded)
 * @param activations saved activations per GPU at the peak
 * @param transients temporaries on top of the saved activations at the peak
 * @param reserve bytes the caching allocator holds beyond the allocated peak
 * @param context CUDA context and kernels
 * @param cpu host memory (offloaded states, paged optimizer state, offloaded activations)
 */
record TrainingPeak(
    long weights,
    long gradients,
    long optimizer,
    long activations,
    long transients,
    long reserve,
    long context,
    long cpu) {

  /** torchtune OffloadActivations' max_fwd_stash_size: tensors kept on the GPU in flight. */
  static final long OFFLOAD_STASH = 5;

  /** The states as sharded, before the mechanisms. */
  record States(
      long weights, long gradients, long optimizer, long activations, long cpu, long trainable) {}

  /** The peak of one training step for the plan's mechanisms. */
  static TrainingPeak of(Plan p, States s, List<String> notes, List<Explanation> ex) {
    TrainingSetup t = p.training();
    Mechanisms m = t.mechanisms();
    ModelSpec spec = p.spec();
    Precision pr = p.precision();
    int tp = t.tensorParallel();
    int n = t.gpus();
    int z = t.zeroStage();
    long tokens = Math.multiplyExact(p.batchSize(), p.sequenceLength());
    long largest = StepMemory.largestTrainable(spec, t);
    Held held = held(p, s, largest, notes);
    long cpu = held.cpu();
    Saved saved = saved(p, s.activations(), tokens);
    long act = saved.act();
    long offloaded = offloaded(p, tokens, notes);
    act = Math.max(0, act - offloaded);
    if (offloaded > 0) {
      cpu = Math.addExact(cpu, Math.multiplyExact(layerInput(p, tokens), spec.numLayers()));
    }
    long gathered =
        m.profiled() && z == 3 && n > 1
            ? Distributed.fsdpGathered(spec, pr, t.method() == Method.FULL)
            : 0;
    // Three moments: the head's backward (no layer recomputed yet), a layer's backward (the
    // loss's saved tensors freed) and the optimizer step (activations freed).
    long headSaved = act - Math.min(act, saved.recompute());
    long headTemp = Math.addExact(saved.headTransient(), gathered);
    long layerSaved = act - Math.min(act, saved.lossSaved());
    long layerTemp = Math.addExact(layerTransient(p, tokens), gathered);
    if (m.optimizerInBackward()) {
      layerTemp += StepMemory.temporaries(m.stepOrDefault(), t.optimizer(), pr, largest, largest);
    }
    long trainable = s.trainable() / (z >= 1 ? n : 1) / tp;
    long step =
        m.optimizerInBackward()
            ? 0
            : StepMemory.temporaries(m.stepOrDefault(), t.optimizer(), pr, trainable, largest);
    Moment peak = peak(p, held.gradients(), headSaved, headTemp, layerSaved, layerTemp, step);
    long context = context(p);
    long reserve =
        m.profiled() ? Math.max(gathered, simulatedReserve(p, saved)) : legacyReserve(p, act);
    explain(
        p, peak.temp(), headSaved + headTemp, layerSaved + layerTemp, step, context, reserve, ex);
    return new TrainingPeak(
        s.weights(),
        peak.grads(),
        held.optimizer(),
        peak.act(),
        peak.temp(),
        reserve,
        context,
        cpu);
  }

  /**
   * The step's highest moment. With gradients freed between steps ({@link Moment#freesGradients})
   * each moment has its own gradients; otherwise all of them are counted with the higher of the
   * backward moments, and the optimizer step's temporaries when they are higher still.
   */
  private static Moment peak(
      Plan p, long grads, long headAct, long headTemp, long layerAct, long layerTemp, long step) {
    if (Moment.freesGradients(p)) {
      return Moment.highest(
          Moment.ofStep(p, grads, headAct, headTemp, layerAct, layerTemp),
          new Moment(grads, 0, step));
    }
    boolean headFirst = headAct + headTemp >= layerAct + layerTemp;
    long act = headFirst ? headAct : layerAct;
    long temp = headFirst ? headTemp : layerTemp;
    return new Moment(grads, act, Math.max(temp, step - act));
  }

  /**
   * The caching allocator's reserve beyond the allocated peak on one GPU, from replaying three
   * training steps ({@link StepTrace}), or for FSDP full sharding one rank's set-up and steps on
   * its three streams ({@link FsdpTrace}); other multi-GPU runs are not replayed (0).
   */
  private static long simulatedReserve(Plan p, Saved saved) {
    TrainingSetup t = p.training();
    boolean fsdp = t.gpus() > 1 && t.zeroStage() == 3;
    if ((t.gpus() > 1 && !fsdp) || t.tensorParallel() > 1) {
      return 0;
    }
    ModelSpec spec = p.spec();
    long dequant =
        t.method() == Method.QLORA
            ? QuantStorage.dequantTransient(
                spec, t.mechanisms().framework(), t.loraTargets(), t.mechanisms().compiled())
            : 0;
    long lora = Lora.activationBytes(spec, t, p.precision().activationBytes());
    StepShapes shapes = StepShapes.of(p, saved.lossSaved(), saved.headTransient(), dequant, lora);
    if (fsdp) {
      // a 4-bit base is not sharded as flat bf16 parameters: not replayed
      return t.method() == Method.QLORA ? 0 : FsdpTrace.simulate(p, shapes).reserve();
    }
    return StepTrace.simulate(p, shapes, !t.mechanisms().keepsGradients()).reserve();
  }

  /** One checkpointed layer input: T x h x activation bytes. */
  private static long layerInput(Plan p, long tokens) {
    return Math.multiplyExact(
        Math.multiplyExact(tokens, p.spec().hiddenSize()), p.precision().activationBytes());
  }

  /** Activation bytes that offloading moves to the host: all but 5 checkpointed inputs. */
  private static long offloaded(Plan p, long tokens, List<String> notes) {
    TrainingSetup t = p.training();
    if (!t.mechanisms().activationOffload()) {
      return 0;
    }
    if (t.checkpointing() != Checkpointing.FULL) {
      notes.add(
          "activation offloading is modelled with --grad-checkpointing full only (torchtune"
              + " offloads the checkpointed layer inputs); without it nothing is moved");
      return 0;
    }
    return Math.multiplyExact(
        layerInput(p, tokens), Math.max(0, p.spec().numLayers() - OFFLOAD_STASH));
  }

  /** Gradients, optimizer state in torch's allocator, and host memory after the mechanisms. */
  private record Held(long gradients, long optimizer, long cpu) {}

  private static Held held(Plan p, States s, long largest, List<String> notes) {
    TrainingSetup t = p.training();
    Mechanisms m = t.mechanisms();
    int n = t.gpus();
    int z = t.zeroStage();
    long grads = s.gradients();
    long optimizer = s.optimizer();
    long cpu = s.cpu();
    if (m.optimizerInBackward()) {
      grads = Math.multiplyExact(largest, p.precision().gradientBytes());
    }
    if (m.profiled() && n > 1 && z == 0) {
      grads = Math.multiplyExact(grads, 2);
      notes.add("DDP: gradient buckets copy every gradient (gradient_as_bucket_view=False)");
    }
    if (m.profiled() && t.optimizer() == Optimizer.ADAMW_8BIT && optimizer > 0) {
      long shard = z >= 1 ? n : 1;
      long exact = StepMemory.adam8bitStates(s.trainable()) - 2 * s.trainable();
      optimizer = Math.addExact(optimizer, exact / shard / t.tensorParallel());
    }
    if (m.paged()) {
      cpu = Math.addExact(cpu, optimizer);
      optimizer = 0;
      notes.add(
          "paged optimizer: its states live in CUDA managed memory, outside torch's"
              + " allocator; they page to host memory under pressure (counted in cpuBytes)");
    }
    return new Held(grads, optimizer, cpu);
  }

  /** Saved activations with the loss replaced, and the loss's parts. */
  private record Saved(long act, long lossSaved, long headTransient, long recompute) {}

  private static Saved saved(Plan p, long act, long tokens) {
    TrainingSetup t = p.training();
    Mechanisms m = t.mechanisms();
    ModelSpec spec = p.spec();
    int e = p.precision().activationBytes();
    int tp = t.tensorParallel();
    LossKind loss = m.lossOrDefault();
    // the loss term the activation model already counts (its saved log-softmax, ids, labels)
    long legacy = Activations.lossSaved(spec, 1, tokens, tp);
    long recompute = 0;
    if (m.profiled() && t.checkpointing() == Checkpointing.FULL) {
      long inputs =
          Math.multiplyExact(
              Math.multiplyExact(tokens, spec.hiddenSize()),
              Math.multiplyExact(e, spec.numLayers() + 1));
      recompute = Math.max(0, act - inputs - legacy);
    }
    if (loss == null) {
      return new Saved(act, 0, 0, recompute);
    }
    boolean lmHead = hasLmHead(spec);
    long lossSaved = lmHead ? Loss.saved(loss, m.compiled(), spec, tokens, tp) : 0;
    if (lmHead && loss == LossKind.FULL) {
      // fp32 logits held besides the log-softmax: torchtune's TransformerDecoder returns
      // output(h).float() and the recipe's logits variable holds it through backward (fef3ed10d
      // torchtune/modules/transformer.py); before PyTorch 1.11 log_softmax also keeps its input
      // (pytorch #64000)
      int copies = (m.framework() == Framework.TORCHTUNE ? 1 : 0) + (m.softmaxSavesInput() ? 1 : 0);
      lossSaved =
          Math.addExact(
              lossSaved,
              Math.multiplyExact(Math.multiplyExact(tokens, spec.vocabSize() / tp), 4L * copies));
    }
    long headTransient = lmHead ? Loss.headTransient(loss, spec, tokens, tp) : 0;
    return new Saved(Math.max(0, act - legacy) + lossSaved, lossSaved, headTransient, recompute);
  }

  /**
   * Whether the model ends in a vocabulary-wide head: a causal or masked LM (tied or with an
   * lm_head), not a bare encoder or a classification / QA head with a few outputs.
   */
  static boolean hasLmHead(ModelSpec spec) {
    String a = spec.architecture();
    if (a.endsWith("Model")
        || a.contains("ForSequenceClassification")
        || a.contains("ForTokenClassification")
        || a.contains("ForQuestionAnswering")
        || a.contains("ForMultipleChoice")) {
      return false;
    }
    return spec.tiedEmbeddings() || spec.weights().stream().anyMatch(g -> g.role() == Role.LM_HEAD);
  }

  /**
   * A layer's backward: three gradient temporaries of the widest intermediate (2·T·I each in bf16,
   * research dumps of torch's SiLU/mul/linear backward) and, for QLoRA, the largest weight's
   * dequantisation.
   */
  private static long layerTransient(Plan p, long tokens) {
    TrainingSetup t = p.training();
    Mechanisms m = t.mechanisms();
    if (!m.profiled()) {
      return 0;
    }
    ModelSpec spec = p.spec();
    long width =
        spec.expertsPerToken() > 0
            ? Math.multiplyExact(spec.intermediateSize(), spec.expertsPerToken())
            : spec.intermediateSize();
    long temps =
        Math.multiplyExact(
            Math.multiplyExact(tokens, width / t.tensorParallel()),
            3L * p.precision().activationBytes());
    if (t.method() == Method.QLORA) {
      temps =
          Math.addExact(
              temps,
              QuantStorage.dequantTransient(spec, m.framework(), t.loraTargets(), m.compiled()));
    }
    return temps;
  }

  private static long context(Plan p) {
    Mechanisms m = p.training().mechanisms();
    if (p.workload().overheadBytes() != null) {
      return p.workload().overheadBytes();
    }
    if (!m.profiled()) {
      return Overhead.CUDA_CONTEXT_BYTES;
    }
    return (m.context() != null ? m.context() : CudaContext.forGpu(p.serving().gpuName())).bytes();
  }

  private static long legacyReserve(Plan p, long act) {
    if (p.workload().overheadBytes() != null) {
      return 0;
    }
    return Overhead.bytes(p.workload(), act) - Overhead.CUDA_CONTEXT_BYTES;
  }

  private static void explain(
      Plan p,
      long transients,
      long head,
      long layer,
      long step,
      long context,
      long reserve,
      List<Explanation> ex) {
    if (!p.training().mechanisms().profiled()) {
      return;
    }
    ex.add(
        new Explanation(
            "training",
            "transientBytes",
            "peak of head backward (saved + "
                + "temporaries "
                + Numbers.grouped(head)
                + "), layer backward ("
                + Numbers.grouped(layer)
                + "); its temporaries, or the optimizer step's "
                + Numbers.grouped(step)
                + " - the activations when higher = "
                + Numbers.grouped(transients),
            transients));
    ex.add(
        new Explanation(
            "training", "contextBytes", "CUDA context " + Numbers.grouped(context), context));
    ex.add(
        new Explanation(
            "training",
            "reservedBytes",
            "allocator peak + FSDP stream pools " + Numbers.grouped(reserve),
            reserve));
  }
}
