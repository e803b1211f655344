package io.hfvram.estimate;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.WeightGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The allocations of torchtune's QLoRA model set-up, replayed through {@link CachingAllocator}
 * before the training steps (docs/formulas.md, "QLoRA set-up in torchtune"). torchtune builds the
 * model on the GPU in bf16 and quantises each adapted Linear with torchao's {@code to_nf4} as it is
 * created; the decoder's layers are {@code copy.deepcopy} clones of one prototype layer, each NF4
 * weight cloned by dequantising and quantising again; then {@code load_state_dict} copies each
 * checkpoint tensor to the GPU and quantises it once more into new inner tensors. The transients of
 * {@code to_nf4} dwarf the weights: {@code quantize_tensor_nearest} builds an (n, 16) difference
 * tensor and its absolute value, 64n bytes for an n-element weight. Sources: torchtune fef3ed10d
 * {@code models/llama2/_component_builders.py}, {@code modules/peft/lora.py}, {@code
 * modules/transformer.py} ({@code _get_clones}), {@code utils/_register_nf4_dispatch_ops.py}
 * ({@code clone}, {@code inplace_copy}), {@code recipes/lora_finetune_single_device.py}; torchao
 * v0.1 {@code torchao/dtypes/nf4tensor.py}.
 */
final class Nf4Init {
  private final CachingAllocator alloc;

  private Nf4Init(CachingAllocator alloc) {
    this.alloc = alloc;
  }

  /** One NF4 weight's persistent inner tensors: data n/2, scalers n/64, factor n/32 (+ LUT). */
  private record Inner(List<CachingAllocator.Block> blocks) {}

  /** Replays the set-up of the plan's model into {@code alloc}; what it leaves is the model. */
  static void replay(CachingAllocator alloc, Plan p) {
    new Nf4Init(alloc).run(p);
  }

  private void run(Plan p) {
    ModelSpec spec = p.spec();
    TrainingSetup t = p.training();
    long layers = spec.numLayers();
    List<Long> quantized = new ArrayList<>();
    List<Long> plain = new ArrayList<>();
    for (WeightGroup g : spec.weights()) {
      boolean quantize = QuantStorage.quantized(spec, g, Framework.TORCHTUNE, t.loraTargets());
      for (long c = 0; c < StepTrace.perLayer(spec, g); c++) {
        if (quantize) {
          quantized.add(g.matrixElements());
          plain.add(2 * t.loraRank() * g.inFeatures());
          plain.add(2 * t.loraRank() * g.outFeatures());
        } else {
          plain.add(2 * g.parametersPerInstance());
        }
      }
    }
    // the prototype layer, quantised as built
    List<Inner> prototype = new ArrayList<>();
    for (long n : quantized) {
      CachingAllocator.Block w = alloc.malloc(2 * n);
      prototype.add(toNf4(n));
      alloc.free(w);
    }
    List<CachingAllocator.Block> protoPlain = alloc.mallocAll(plain);
    // embeddings, head, final norm and what does not divide over the layers, kept in bf16
    for (WeightGroup g : spec.weights()) {
      for (long i = StepTrace.perLayer(spec, g) * layers; i < g.instances(); i++) {
        alloc.malloc(2 * g.parametersPerInstance());
      }
    }
    List<List<Inner>> clones = new ArrayList<>();
    for (long l = 0; l < layers; l++) {
      clones.add(deepcopy(quantized));
      alloc.mallocAll(plain);
    }
    for (Inner in : prototype) {
      alloc.freeAll(in.blocks());
    }
    alloc.freeAll(protoPlain);
    for (List<Inner> layer : clones) {
      for (int k = 0; k < quantized.size(); k++) {
        layer.set(k, load(quantized.get(k), layer.get(k)));
      }
    }
  }

  /** {@code deepcopy} of one layer's NF4 weights: dequantise, quantise, copy the prototype's. */
  private List<Inner> deepcopy(List<Long> quantized) {
    List<Inner> out = new ArrayList<>();
    for (long n : quantized) {
      CachingAllocator.Block w = originalWeight(n);
      Inner own = toNf4(n);
      alloc.free(w);
      Inner copy = new Inner(alloc.mallocAll(List.of(n / 64, n / 32, n / 2)));
      alloc.freeAll(own.blocks());
      out.add(copy);
    }
    return out;
  }

  /** {@code inplace_copy} from the CPU checkpoint: fp16 and bf16 copies on the GPU, new inner. */
  private Inner load(long n, Inner old) {
    CachingAllocator.Block fp16 = alloc.malloc(2 * n);
    CachingAllocator.Block bf16 = alloc.malloc(2 * n);
    Inner fresh = toNf4(n);
    alloc.free(bf16);
    alloc.free(fp16);
    alloc.freeAll(old.blocks());
    return fresh;
  }

  /**
   * {@code get_original_weight}: two int64 index tensors, two bf16 halves, the scaled halves (each
   * through a flattened temporary) and the stacked bf16 result, which is returned.
   */
  private CachingAllocator.Block originalWeight(long n) {
    List<CachingAllocator.Block> locals = alloc.mallocAll(List.of(4 * n, 4 * n, n, n));
    CachingAllocator.Block flat = alloc.malloc(n);
    CachingAllocator.Block first = alloc.malloc(n);
    alloc.free(flat);
    flat = alloc.malloc(n);
    CachingAllocator.Block second = alloc.malloc(n);
    alloc.free(flat);
    CachingAllocator.Block stacked = alloc.malloc(2 * n);
    alloc.free(second);
    alloc.free(first);
    alloc.freeAll(locals);
    return stacked;
  }

  /**
   * {@code to_nf4} of a bf16 weight of n elements held by the caller: the double-quantised scalers,
   * then the nearest-NF4 search over an (n, 16) difference and its absolute value, the int64
   * indices and their packing into n/2 bytes. Returns the persistent inner tensors.
   */
  private Inner toNf4(long n) {
    // double_quantize_scalers: block absmax (abs 2n; values n/32, int64 indices n/8)
    CachingAllocator.Block abs = alloc.malloc(2 * n);
    CachingAllocator.Block scalers = alloc.malloc(n / 32);
    CachingAllocator.Block idx = alloc.malloc(n / 8);
    alloc.free(idx);
    alloc.free(abs);
    CachingAllocator.Block factor = alloc.malloc(n / 32);
    CachingAllocator.Block qScalers = alloc.malloc(n / 64);
    alloc.free(scalers);
    // convert_to_norm_float_weight
    abs = alloc.malloc(2 * n);
    CachingAllocator.Block values = alloc.malloc(n / 32);
    idx = alloc.malloc(n / 8);
    alloc.free(idx);
    alloc.free(abs);
    CachingAllocator.Block scaled = alloc.malloc(2 * n);
    CachingAllocator.Block diffPre = alloc.malloc(32 * n);
    CachingAllocator.Block diff = alloc.malloc(32 * n);
    alloc.free(diffPre);
    CachingAllocator.Block minValues = alloc.malloc(2 * n);
    CachingAllocator.Block indices = alloc.malloc(8 * n);
    alloc.free(minValues);
    alloc.free(diff);
    CachingAllocator.Block shifted = alloc.malloc(4 * n);
    CachingAllocator.Block combined = alloc.malloc(4 * n);
    alloc.free(shifted);
    CachingAllocator.Block data = alloc.malloc(n / 2);
    alloc.free(combined);
    alloc.free(indices);
    alloc.free(scaled);
    alloc.free(values);
    return new Inner(List.of(qScalers, factor, data));
  }

  /** Whether the plan's set-up is torchtune's QLoRA build (replayed by this class). */
  static boolean applies(Plan p) {
    TrainingSetup t = p.training();
    return t.method() == Method.QLORA && t.mechanisms().framework() == Framework.TORCHTUNE;
  }
}
