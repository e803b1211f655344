package io.hfvram.estimate;

import io.hfvram.core.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SGLang's token pool at start-up, per GPU (docs/formulas.md, "SGLang"): the automatic
 * chunked_prefill_size, cuda_graph_max_bs and mem_fraction_static of server_args.py's
 * _handle_gpu_memory_settings, then model_runner's profile_max_num_token: the pool gets
 * mem_fraction_static x the memory free at start less the weights, in tokens of the KV cell size,
 * and the scheduler admits min(clamp(tokens / context x 512, 2048, 4096), tokens / 2) requests.
 */
final class SglangEstimator {
  static final long MIB = 1L << 20;

  /**
   * Memory in use when SGLang measures total_gpu_memory (after the CUDA context, and with TP the
   * NCCL and custom all-reduce buffers): the non-torch figures measured for vLLM.
   */
  static long inUseAtStart(int tp) {
    return VllmProfile.nonTorch(tp);
  }

  private SglangEstimator() {}

  /** SGLang's settings resolved from the GPU's memory (nvidia-smi MiB) and TP. */
  record Settings(double fraction, long chunk, long graphBs, double reservedMib) {}

  /**
   * chunked_prefill_size and cuda_graph_max_bs by GPU memory (MiB, as nvidia-smi lists it) and TP,
   * then reserved_mem = 512 + max(chunk, 2048) x 1.5 + graph_bs x 2 + tp / 8 x 1024 MiB (at least
   * 10 GiB on GPUs over 60 GiB) and mem_fraction_static = round((gpu - reserved) / gpu, 3).
   */
  static Settings settings(double gpuMib, int tp, SglangSetup s) {
    long chunk;
    long bs;
    if (gpuMib < 20 * 1024) {
      chunk = 2048;
      bs = 8;
    } else if (gpuMib < 35 * 1024) {
      chunk = 2048;
      bs = tp < 4 ? 24 : 80;
    } else if (gpuMib < 60 * 1024) {
      chunk = 4096;
      bs = tp < 4 ? 32 : 160;
    } else if (gpuMib < 160 * 1024) {
      chunk = 8192;
      bs = tp < 4 ? 256 : 512;
    } else {
      chunk = 16384;
      bs = 512;
    }
    if (s.chunkedPrefillSize() > 0) {
      chunk = s.chunkedPrefillSize();
    }
    if (s.cudaGraphMaxBs() > 0) {
      bs = s.cudaGraphMaxBs();
    }
    double reserved = 512 + Math.max(chunk, 2048) * 1.5 + bs * 2 + tp / 8.0 * 1024;
    if (gpuMib > 60 * 1024) {
      reserved = Math.max(reserved, 10 * 1024);
    }
    double fraction =
        s.memFractionStatic() > 0
            ? s.memFractionStatic()
            : Math.round((gpuMib - reserved) / gpuMib * 1000) / 1000.0;
    return new Settings(fraction, chunk, bs, reserved);
  }

  /** The scheduler's request limit for a pool of {@code tokens} and a context. */
  static long maxRunningRequests(long tokens, long context, long given) {
    long estimated = Math.max(Math.min((long) (tokens / (double) context * 512), 4096), 2048);
    long cap = given > 0 ? given : estimated;
    return Math.max(0, Math.min(cap, tokens / 2));
  }

  /** The SGLang estimate; conventions go to {@code notes}, formulas to {@code ex}. */
  static InferenceEstimate estimate(
      Plan p, long weights, long perToken, List<String> notes, List<Explanation> ex) {
    Serving sv = p.serving();
    if (sv.gpuMemoryBytes() == null) {
      throw new WorkloadException(
          "the sglang engine needs the GPU's memory (--gpu or --gpu-memory)");
    }
    int tp = sv.tensorParallel();
    SglangSetup setup = sv.engines().sglang();
    Settings st = settings(sv.gpuMemoryBytes() / (double) MIB, tp, setup);
    long total = sv.budgetMemoryBytes() - inUseAtStart(tp);
    long rest = (long) Math.floor(total * st.fraction()) - weights;
    long tokens = perToken > 0 && rest > 0 ? rest / perToken : 0;
    long context = sv.maxModelLen() > 0 ? sv.maxModelLen() : p.spec().maxContext();
    long requests = maxRunningRequests(tokens, context, setup.maxRunningRequests());
    long kv = Math.multiplyExact(tokens, perToken);
    long reserved = Math.max(0, total - weights - kv);
    long overhead = inUseAtStart(tp);
    List<String> warnings = warnings(tokens, context, st);
    note(sv, setup, st, total, perToken, requests, notes);
    notes.addAll(warnings);
    explain(sv, st, weights, perToken, tokens, kv, overhead, ex);
    EngineFigures.Sglang fig =
        new EngineFigures.Sglang(
            st.fraction(), st.chunk(), st.graphBs(), tokens, requests, context);
    return new InferenceEstimate(
        p.weightDtype(),
        p.kvDtype(),
        p.batchSize(),
        p.sequenceLength(),
        Engine.SGLANG,
        tp,
        weights,
        kv,
        perToken,
        reserved,
        overhead,
        weights + kv + reserved + overhead,
        tokens,
        tokens / (double) p.sequenceLength(),
        Math.min(context, tokens),
        warnings,
        new EngineFigures(fig, null));
  }

  private static List<String> warnings(long tokens, long context, Settings st) {
    List<String> warnings = new ArrayList<>();
    if (tokens <= 0) {
      warnings.add(
          "warning: SGLang would refuse to start (\"Not enough memory. Please try to increase"
              + " --mem-fraction-static\"): the weights take more than mem_fraction_static "
              + st.fraction()
              + " of the GPU; raise --mem-fraction-static or use more tensor parallelism (--tp)");
    } else if (tokens < context) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "warning: SGLang's pool of %s tokens is shorter than the context of %s tokens:"
                  + " one request can not reach it; give --max-model-len %s or less, more --tp"
                  + " or a higher --mem-fraction-static",
              Numbers.grouped(tokens),
              Numbers.grouped(context),
              tokens));
    }
    return warnings;
  }

  private static void note(
      Serving sv,
      SglangSetup setup,
      Settings st,
      long total,
      long perToken,
      long requests,
      List<String> notes) {
    notes.add(
        String.format(
            Locale.ROOT,
            "SGLang: mem_fraction_static %.3f (%s), chunked_prefill_size %d, cuda_graph_max_bs %d;"
                + " pool = %.3f x %s B free at start - weights, in %s-byte token cells; radix"
                + " cache shares the pool (no extra memory); %s requests at most",
            st.fraction(),
            setup.memFractionStatic() > 0
                ? "given"
                : "auto: reserved "
                    + (long) st.reservedMib()
                    + " MiB of "
                    + sv.gpuMemoryBytes() / MIB
                    + " MiB",
            st.chunk(),
            st.graphBs(),
            st.fraction(),
            Numbers.grouped(total),
            Numbers.grouped(perToken),
            requests));
  }

  private static void explain(
      Serving sv,
      Settings st,
      long weights,
      long perToken,
      long tokens,
      long kv,
      long overhead,
      List<Explanation> ex) {
    ex.add(
        new Explanation(
            "inference",
            "kvCapacityTokens",
            String.format(
                Locale.ROOT,
                "floor((%.3f x (torch total %s - in use at start %s) - weights %s) / %s) = %s"
                    + " tokens",
                st.fraction(),
                Numbers.grouped(sv.budgetMemoryBytes()),
                Numbers.grouped(overhead),
                Numbers.grouped(weights),
                Numbers.grouped(perToken),
                Numbers.grouped(tokens)),
            kv));
  }
}
