package io.hfvram.estimate;

import io.hfvram.spec.DType;
import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Quantization;
import java.util.List;
import java.util.Locale;

/**
 * What transformers' generate holds beside the KV cache and the prefill peak (docs/formulas.md,
 * "transformers generate"): the decode step's second cache with tuple past_key_values, and the
 * quantized kernels' scratch buffers (GPTQ's ExLlama temp_dq and forward buffers, AWQ's prefill
 * dequantisation).
 */
final class HfGenerate {
  /** auto-gptq's exllamav2 scratch_space_fixed defaults: max_input_len and max_batch_size. */
  static final long EXLLAMAV2_INPUT = 2048;

  static final long EXLLAMAV2_BATCH = 8;

  /** AutoAWQ's GEMM kernel dequantises to fp16 from this many tokens in one call. */
  static final long AWQ_DEQUANT_TOKENS = 1024;

  private HfGenerate() {}

  /**
   * The cache held besides the final one at the decode peak: with tuple past_key_values (before
   * transformers 4.36) the forward builds a new tuple of torch.cat results while generate still
   * holds the old one, so the cache at s - 1 tokens is live too; DynamicCache replaces one layer at
   * a time (one layer's old tensors); StaticCache writes in place (none).
   */
  static long decodeCopy(Plan p) {
    HfSetup hf = p.serving().engines().hf();
    if (hf.newTokens() <= 1) {
      return 0;
    }
    ModelSpec spec = p.spec();
    long b = p.batchSize();
    long s = p.sequenceLength();
    int tp = p.serving().tensorParallel();
    switch (hf.cache()) {
      case LEGACY:
        return KvCache.bytes(spec, p.kvDtype(), b, s - 1, tp);
      case DYNAMIC:
        return KvCache.bytes(spec, p.kvDtype(), b, s - 1, tp) / Math.max(1, spec.numLayers());
      default:
        return 0;
    }
  }

  /**
   * The activations at generate's peak, beyond the weights and {@code kvCache} (the final cache and
   * the decode copy). Without --new-tokens: the prefill peak at the whole sequence. With N new
   * tokens the run has two moments: the prefill of the s - N prompt tokens (their cache, the
   * layer's live tensors, or afterwards the logits: every prompt position's in fp16 and fp32 with
   * the tuple cache's releases, whose LlamaForCausalLM returns {@code logits.float()} for all
   * positions; the last position's from 4.45, where generate passes {@code logits_to_keep}), and
   * the last decode step (the final cache, its copy, one token's tensors). The higher one is the
   * peak.
   */
  static long peakActivations(Plan p, long kvCache) {
    ModelSpec spec = p.spec();
    DType dtype = p.weightDtype();
    int tp = p.serving().tensorParallel();
    long b = p.batchSize();
    long s = p.sequenceLength();
    AttentionImpl attention = p.attention();
    long newTokens = p.serving().engines().hf().newTokens();
    if (newTokens < 1 || newTokens >= s) {
      return Math.addExact(
          Activations.inference(spec, dtype, b, s, attention, tp), prefillScratch(p, s));
    }
    long prompt = s - newTokens;
    // the layers' tensors and scores are gone when the head's logits exist
    long head =
        Math.addExact(
            promptLogits(p, prompt),
            Math.multiplyExact(
                Math.multiplyExact(b, prompt),
                spec.hiddenSize() * (long) Activations.inferenceElementBytes(dtype)));
    long prefill =
        Math.addExact(
            KvCache.bytes(spec, p.kvDtype(), b, prompt, tp),
            Math.max(
                Math.addExact(
                    Activations.inference(spec, dtype, b, prompt, attention, tp),
                    prefillScratch(p, prompt)),
                head));
    long decode = Math.addExact(kvCache, Activations.decode(spec, dtype, b, s, attention, tp));
    return Math.max(prefill, decode) - kvCache;
  }

  /** The prompt's logits in fp16 and their fp32 copy: every position (tuple-cache releases). */
  private static long promptLogits(Plan p, long prompt) {
    long positions = p.serving().engines().hf().cache() == HfSetup.Cache.LEGACY ? prompt : 1;
    return Activations.logitBytes(
        p.spec(),
        Activations.inferenceElementBytes(p.weightDtype()),
        Math.multiplyExact(p.batchSize(), positions),
        p.serving().tensorParallel());
  }

  /** The checkpoint's quantization as stored (null without one or under a --dtype what-if). */
  private static Quantization quantized(Plan p) {
    return p.workload().dtype() != null ? null : p.spec().quantization();
  }

  /** The largest linear layer's in x out per GPU (the MLP's or attention's projections). */
  private static long largestInOut(Plan p) {
    ModelSpec spec = p.spec();
    long h = spec.hiddenSize();
    long qd = spec.numAttentionHeads() * spec.headDim();
    return Math.max(h * spec.intermediateSize(), h * qd) / p.serving().tensorParallel();
  }

  /**
   * auto-gptq's cuda-old QuantLinear runs its kernel below this many rows
   * (kernel_switch_threshold).
   */
  static final long CUDA_OLD_SWITCH = 128;

  /**
   * Transients of the quantized kernels during a prefill of {@code prompt} tokens per sequence, on
   * top of the layer's tensors: auto-gptq's cuda-old QuantLinear (qlinear_cuda_old.py) switches to
   * a torch fallback from 128 rows that unpacks the largest layer's weight to int32 (4 B per
   * element) and int8 (1 B) at once before scaling it to fp16, 5 x in x out bytes; AutoAWQ's GEMM
   * dequantises the largest layer to fp16 for 1024+ tokens (FP16_MATMUL_HEURISTIC_CONDITION).
   */
  static long prefillScratch(Plan p, long prompt) {
    Quantization q = quantized(p);
    if (q == null) {
      return 0;
    }
    long inOut = largestInOut(p);
    long rows = Math.multiplyExact(p.batchSize(), Math.max(1, prompt));
    String method = q.method().toLowerCase(Locale.ROOT);
    if (method.equals("gptq") && gptqKernel(p) == HfSetup.GptqKernel.CUDA && q.bits() == 4) {
      return rows >= CUDA_OLD_SWITCH ? Math.multiplyExact(inOut, 5) : 0;
    }
    if (method.equals("awq")) {
      return rows >= AWQ_DEQUANT_TOKENS ? Math.multiplyExact(inOut, 2) : 0;
    }
    return 0;
  }

  /**
   * The GPTQ kernel in use: the given one, else ExLlama (v1) for 4-bit, GPTQConfig's default
   * exllama_config version in transformers' optimum path.
   */
  static HfSetup.GptqKernel gptqKernel(Plan p) {
    HfSetup.GptqKernel k = p.serving().engines().hf().gptqKernel();
    if (k != null) {
      return k;
    }
    Quantization q = p.spec().quantization();
    return q != null && q.bits() == 4 ? HfSetup.GptqKernel.EXLLAMA : HfSetup.GptqKernel.CUDA;
  }

  /**
   * Persistent and prefill scratch of the checkpoint's quantized kernels, per GPU: ExLlama's
   * temp_dq of the largest layer's in x out fp16 (v2 adds out x 2048 x 8 x 4 B of forward buffer);
   * AWQ's GEMM dequantises the largest layer to fp16 for prompts of 1024 tokens or more.
   */
  static long kernelScratch(Plan p, List<String> notes) {
    Quantization q = quantized(p);
    if (q == null) {
      return 0;
    }
    ModelSpec spec = p.spec();
    int tp = p.serving().tensorParallel();
    long inOut = largestInOut(p);
    long maxOut =
        Math.max(
            Math.max(spec.intermediateSize(), spec.numAttentionHeads() * spec.headDim()) / tp,
            spec.hiddenSize());
    String method = q.method().toLowerCase(Locale.ROOT);
    long bytes = 0;
    if (method.equals("gptq")) {
      HfSetup.GptqKernel k = gptqKernel(p);
      switch (k) {
        case EXLLAMA:
          bytes = inOut * 2;
          break;
        case EXLLAMAV2:
          bytes = inOut * 2 + 128 + maxOut * EXLLAMAV2_INPUT * EXLLAMAV2_BATCH * 4 + 128;
          break;
        default:
          bytes = 0;
      }
      notes.add(
          "GPTQ kernel "
              + k
              + ": "
              + (bytes > 0
                  ? bytes
                      + " B of scratch (dequantisation buffer of the largest layer"
                      + (k == HfSetup.GptqKernel.EXLLAMAV2 ? " and the forward buffer" : "")
                      + ")"
                  : "no persistent scratch")
              + " on each GPU"
              + (k == HfSetup.GptqKernel.CUDA
                  ? "; prefills of 128+ rows unpack the largest layer (5 x in x out B) in auto-gptq's"
                      + " cuda-old fallback"
                  : ""));
    } else if (method.equals("awq")) {
      notes.add(
          "AWQ GEMM: prompts of 1024+ tokens dequantise the largest layer to fp16 ("
              + inOut * 2
              + " B) during prefill");
    }
    return bytes;
  }
}
