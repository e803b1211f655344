package io.hfvram.estimate;

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
    ModelSpec spec = p.spec();
    Quantization q = spec.quantization();
    if (q == null || p.workload().dtype() != null) {
      return 0;
    }
    int tp = p.serving().tensorParallel();
    long h = spec.hiddenSize();
    long f = spec.intermediateSize();
    long qd = spec.numAttentionHeads() * spec.headDim();
    long inOut = Math.max(h * f, h * qd) / tp;
    long maxOut = Math.max(Math.max(f, qd) / tp, h);
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
              + " on each GPU");
    } else if (method.equals("awq")) {
      long prompt = p.sequenceLength() - p.serving().engines().hf().newTokens();
      if (Math.multiplyExact(p.batchSize(), Math.max(1, prompt)) >= AWQ_DEQUANT_TOKENS) {
        bytes = inOut * 2;
        notes.add(
            "AWQ GEMM: prompts of 1024+ tokens dequantise the largest layer to fp16 ("
                + bytes
                + " B) during prefill");
      }
    }
    return bytes;
  }
}
