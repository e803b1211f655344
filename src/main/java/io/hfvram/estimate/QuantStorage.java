package io.hfvram.estimate;

import io.hfvram.core.Numbers;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Role;
import io.hfvram.spec.WeightGroup;
import java.util.List;

/**
 * The QLoRA base as each framework stores it, and the per-layer dequantisation transient
 * (docs/formulas.md "QLoRA storage"). Sources:
 *
 * <ul>
 *   <li>bitsandbytes 0.45.0 bitsandbytes/functional.py {@code quantize_4bit} (blocksize 64): packed
 *       data n/2 bytes; with double quant (the QLoRA recipe, transformers BitsAndBytesConfig
 *       bnb_4bit_use_double_quant) the fp32 absmax is quantized to 8 bits with a second-level fp32
 *       absmax per 256 blocks: n/2 + n/64 + n/4096 bytes, plus a 256-entry fp32 code and an fp32
 *       offset per tensor. transformers integrations/bitsandbytes.py replaces only nn.Linear, not
 *       lm_head (get_keys_to_not_convert); PEFT v0.13.0 utils/other.py
 *       prepare_model_for_kbit_training casts every other 16-bit parameter to fp32. bnb
 *       autograd/_functions.py MatMul4Bit dequantises the whole weight to the compute dtype (2n
 *       bytes, + the dequantised absmax n/16) for each matmul, never two at once;
 *   <li>torchao v0.5.0 torchao/dtypes/nf4tensor.py {@code to_nf4(block_size=64,
 *       scaler_block_size=256)} as torchtune's LoRALinear(quantize_base=True) uses it: only the
 *       base weights of adapted layers; n/2 + n/64 + 2 x n/16384 bytes. Its eager {@code
 *       get_original_weight} keeps two int64 index tensors, four bf16 halves and the stacked result
 *       alive: about 14n bytes of transient (2n when compiled).
 * </ul>
 */
final class QuantStorage {
  /** bitsandbytes' per-tensor extras with double quant: 256-entry fp32 code and the offset. */
  static final long BNB_TENSOR_EXTRA = 256 * 4 + 4;

  private QuantStorage() {}

  /**
   * The frozen base: the compute copy's bytes per parameter (2 B, 4 B for fp32 training; QLoRA: NF4
   * with double quant) in the neutral model; with a framework profile the precision's weight bytes
   * and the framework's 4-bit storage ({@link QuantStorage}: bitsandbytes leaves the rest in fp32
   * after PEFT's prepare_model_for_kbit_training, torchtune in bf16).
   */
  static long frozenBase(Plan p, TrainingSetup t) {
    ModelSpec spec = p.spec();
    Mechanisms m = t.mechanisms();
    if (!m.profiled()) {
      return t.method() == Method.QLORA
          ? WeightBytes.quantized(spec, WeightBytes.NF4)
          : Math.multiplyExact(spec.parameters(), p.precision().computeBytes());
    }
    if (t.method() == Method.QLORA) {
      int leftover = m.framework() == Framework.HF ? 4 : p.precision().computeBytes();
      return frozenBytes(spec, m.framework(), t.loraTargets(), leftover);
    }
    return Math.multiplyExact(spec.parameters(), p.precision().weightBytes());
  }

  /** Whether a weight group is stored in 4 bits by the framework. */
  static boolean quantized(ModelSpec spec, WeightGroup g, Framework f, List<String> targets) {
    if (!g.isMatrix() || !g.role().quantizable()) {
      return false;
    }
    return f != Framework.TORCHTUNE || Lora.targeted(spec, g, targets);
  }

  /** The frozen base: 4-bit weights plus the layers left in {@code leftover} bytes per param. */
  static long frozenBytes(ModelSpec spec, Framework f, List<String> targets, int leftover) {
    long bytes = 0;
    long counted = 0;
    for (WeightGroup g : spec.weights()) {
      if (!quantized(spec, g, f, targets)) {
        continue;
      }
      long n = g.matrixElements();
      long per =
          f == Framework.TORCHTUNE
              ? n / 2 + Numbers.ceilDiv(n, 64) + 2 * Numbers.ceilDiv(n, 16384)
              : n / 2
                  + Numbers.ceilDiv(n, 64)
                  + 4 * Numbers.ceilDiv(n, 64 * 256)
                  + BNB_TENSOR_EXTRA;
      long rest = g.parametersPerInstance() - n;
      per = Math.addExact(per, Math.multiplyExact(rest, leftover));
      bytes = Math.addExact(bytes, Math.multiplyExact(per, g.instances()));
      counted = Math.addExact(counted, g.parameters());
    }
    long others = Math.max(0, spec.parameters() - counted);
    return Math.addExact(bytes, Math.multiplyExact(others, leftover));
  }

  /** The dequantisation transient of the largest 4-bit weight. */
  static long dequantTransient(
      ModelSpec spec, Framework f, List<String> targets, boolean compiled) {
    long n = 0;
    for (WeightGroup g : spec.weights()) {
      if (quantized(spec, g, f, targets) && g.role() != Role.EXPERT) {
        n = Math.max(n, g.matrixElements());
      }
    }
    if (f == Framework.TORCHTUNE) {
      return Math.multiplyExact(n, compiled ? 2 : 14);
    }
    return Math.addExact(Math.multiplyExact(n, 2), Numbers.ceilDiv(n, 16));
  }
}
