package io.hfvram.estimate;

import io.hfvram.core.Numbers;
import io.hfvram.spec.CacheGroup;
import io.hfvram.spec.CacheKind;
import io.hfvram.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * llama.cpp's buffers on the GPU and in host memory (docs/formulas.md, "llama.cpp"): the weights
 * split by --n-gpu-layers (token embeddings always in host memory, the output layer on the GPU only
 * when -ngl exceeds the layer count), a KV cache of -c cells padded to 256 in the -ctk/-ctv types
 * beside each layer, the compute buffers of the graph reserved for n_ubatch tokens, the host output
 * buffer of logits, and the multimodal projector.
 */
final class LlamaCppEstimator {
  /** llama.cpp pads the context (KV cells) to a multiple of 256. */
  static final long PAD = 256;

  private LlamaCppEstimator() {}

  /** How the model's layers and bytes split between the GPU and the host. */
  record Split(int gpuLayers, boolean outputOnGpu, long gpuWeights, long cpuWeights) {}

  static long pad(long n, long to) {
    return (n + to - 1) / to * to;
  }

  /** The KV cells: -c (0: the model's context) padded to 256. */
  static long cells(ModelSpec spec, LlamaCppSetup s) {
    return pad(s.contextSize() > 0 ? s.contextSize() : spec.maxContext(), PAD);
  }

  /**
   * The weights' split: the repeating layers il >= n_layer - ngl on the GPU; the output layer when
   * ngl > n_layer (-1: all); the token embeddings in host memory. Per-tensor sizes are not in the
   * spec, so the embedding and output matrices take the checkpoint's mean bytes per parameter; a
   * tied output is duplicated onto the GPU.
   */
  static Split split(ModelSpec spec, long weights, LlamaCppSetup s) {
    int layers = (int) spec.numLayers();
    int ngl = s.gpuLayers() < 0 ? layers + 1 : s.gpuLayers();
    int onGpu = Math.min(ngl, layers);
    boolean output = ngl > layers;
    double perParam = spec.parameters() > 0 ? weights / (double) spec.parameters() : 2;
    long matrix = (long) (spec.vocabSize() * spec.hiddenSize() * perParam);
    long embd = Math.min(matrix, weights);
    long out = spec.tiedEmbeddings() ? 0 : Math.min(matrix, weights - embd);
    long perLayer = layers > 0 ? (weights - embd - out) / layers : 0;
    long gpuW = onGpu * perLayer + (output ? (spec.tiedEmbeddings() ? embd : out) : 0);
    long cpuW = weights - onGpu * perLayer - (output && !spec.tiedEmbeddings() ? out : 0);
    return new Split(onGpu, output, gpuW, cpuW);
  }

  /** KV bytes of all layers: each group's K and V rows times its cells, per sequence set. */
  static long kvBytes(ModelSpec spec, LlamaCppSetup s) {
    long cells = cells(spec, s);
    long total = 0;
    for (CacheGroup g : spec.cache()) {
      long bytes;
      if (g.kind() == CacheKind.STATE) {
        bytes = Math.multiplyExact(g.stateElements() * 4L, s.parallel());
      } else {
        long n = cells;
        if ((g.kind() == CacheKind.SLIDING || g.kind() == CacheKind.CHUNKED) && g.window() > 0) {
          n = Math.min(cells, pad(g.window() * s.parallel() + s.ubatch(), PAD));
        }
        long k = s.cacheTypeK().rowBytes(g.kvHeads() * g.keyDim());
        long v = g.valueDim() > 0 ? s.cacheTypeV().rowBytes(g.kvHeads() * g.valueDim()) : 0;
        bytes = Math.multiplyExact(k + v, n);
      }
      total = Math.addExact(total, Math.multiplyExact(bytes, g.layers()));
    }
    return total;
  }

  /**
   * The graph's widest step for n_ubatch tokens in f32: attention (with FA off the K x Q scores,
   * n_kv x n_ubatch x heads, plus Q and the output; with FA only Q, K, V and the output), the gated
   * FFN (gate, up and their product, times the experts used), or the logits (n_ubatch x vocab)
   * where the output layer runs.
   */
  static long widest(ModelSpec spec, LlamaCppSetup s, long cells, boolean output) {
    long ub = Math.min(s.ubatch(), cells);
    long q = spec.numAttentionHeads() * spec.headDim();
    long kv = spec.numKeyValueHeads() * spec.headDim();
    long attn =
        s.flashAttention()
            ? ub * (2 * q + 2 * kv) * 4
            : cells * ub * spec.numAttentionHeads() * 4 + ub * 2 * q * 4;
    long ffn = ub * 3 * spec.intermediateSize() * Math.max(1, spec.expertsPerToken()) * 4;
    long logits = output ? ub * spec.vocabSize() * 4 : 0;
    return Math.max(attn, Math.max(ffn, logits));
  }

  /** The host's graph inputs: the f32 embeddings of n_ubatch tokens and the f32 KQ mask. */
  static long hostInputs(ModelSpec spec, LlamaCppSetup s, long cells) {
    long ub = Math.min(s.ubatch(), cells);
    return ub * spec.hiddenSize() * 4 + cells * pad(ub, 64) * 4;
  }

  /** llama.cpp's buffers on the GPU and the host for the weights' total and the setup. */
  static EngineFigures.LlamaCpp buffers(ModelSpec spec, long weights, LlamaCppSetup s) {
    long cells = cells(spec, s);
    Split sp = split(spec, weights, s);
    long layers = Math.max(1, spec.numLayers());
    long kvAll = kvBytes(spec, s);
    long gpuKv = kvAll / layers * sp.gpuLayers();
    long ub = Math.min(s.ubatch(), cells);
    long mask = cells * pad(ub, 64) * (s.flashAttention() ? 2 : 4);
    long gpuCompute =
        sp.gpuLayers() > 0 || sp.outputOnGpu()
            ? mask + widest(spec, s, cells, sp.outputOnGpu())
            : 0;
    boolean cpuLayers = sp.gpuLayers() < spec.numLayers() || !sp.outputOnGpu();
    long hostCompute =
        hostInputs(spec, s, cells) + (cpuLayers ? widest(spec, s, cells, !sp.outputOnGpu()) : 0);
    long outputBuffer = spec.vocabSize() * 4L * s.parallel();
    long vram = sp.gpuWeights() + gpuKv + gpuCompute + s.mmprojBytes();
    long ram = sp.cpuWeights() + (kvAll - gpuKv) + hostCompute + outputBuffer;
    return new EngineFigures.LlamaCpp(
        vram,
        ram,
        sp.gpuLayers(),
        sp.outputOnGpu(),
        cells,
        sp.gpuWeights(),
        sp.cpuWeights(),
        gpuKv,
        kvAll - gpuKv,
        gpuCompute,
        hostCompute + outputBuffer);
  }

  /** The llama.cpp estimate; conventions go to {@code notes}, formulas to {@code ex}. */
  static InferenceEstimate estimate(
      Plan p, long weights, List<String> notes, List<Explanation> ex) {
    ModelSpec spec = p.spec();
    LlamaCppSetup s = p.serving().engines().llamaCpp();
    EngineFigures.LlamaCpp fig = buffers(spec, weights, s);
    Split sp = split(spec, weights, s);
    long cells = fig.contextSize();
    long ub = Math.min(s.ubatch(), cells);
    long vram = fig.vramBytes();
    long ram = fig.ramBytes();
    long gpuKv = fig.gpuKvBytes();
    long gpuCompute = fig.gpuComputeBytes();
    long kvAll = gpuKv + fig.cpuKvBytes();
    List<String> warnings = warnings(p, s, vram);
    note(spec, s, sp, cells, ub, vram, ram, notes);
    notes.addAll(warnings);
    explainKv(spec, s, sp, cells, gpuKv, ex);
    long perToken = kvAll / cells;
    return new InferenceEstimate(
        p.weightDtype(),
        p.kvDtype(),
        s.parallel(),
        cells,
        Engine.LLAMA_CPP,
        1,
        sp.gpuWeights(),
        gpuKv,
        perToken,
        gpuCompute,
        s.mmprojBytes(),
        vram,
        cells,
        s.parallel(),
        cells,
        warnings,
        new EngineFigures(null, fig));
  }

  private static List<String> warnings(Plan p, LlamaCppSetup s, long vram) {
    List<String> warnings = new ArrayList<>();
    if (s.cacheTypeV().quantized() && !s.flashAttention()) {
      warnings.add(
          "warning: llama.cpp refuses a quantized V cache (-ctv "
              + s.cacheTypeV()
              + ") without flash attention; give -fa on or -ctv f16");
    }
    if (p.serving().gpuMemoryBytes() != null && vram > p.serving().gpuMemoryBytes()) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "warning: llama.cpp's GPU buffers (%.2f GiB) exceed the GPU; offload fewer layers"
                  + " (--n-gpu-layers), a smaller -c or a quantized KV cache (-ctk/-ctv q8_0)",
              vram / (double) (1L << 30)));
    }
    return warnings;
  }

  private static void note(
      ModelSpec spec,
      LlamaCppSetup s,
      Split sp,
      long cells,
      long ub,
      long vram,
      long ram,
      List<String> notes) {
    notes.add(
        String.format(
            Locale.ROOT,
            "llama.cpp: %d of %d layers on the GPU%s; KV %d cells (-c padded to 256) in %s/%s;"
                + " compute buffers for n_ubatch %d (FA %s); token embeddings and CPU layers in"
                + " host memory (mmap'd from the file); GPU %s B, host %s B",
            sp.gpuLayers(),
            spec.numLayers(),
            sp.outputOnGpu() ? " with the output layer" : "",
            cells,
            s.cacheTypeK(),
            s.cacheTypeV(),
            ub,
            s.flashAttention() ? "on" : "off",
            Numbers.grouped(vram),
            Numbers.grouped(ram)));
  }

  private static void explainKv(
      ModelSpec spec, LlamaCppSetup s, Split sp, long cells, long gpuKv, List<Explanation> ex) {
    ex.add(
        new Explanation(
            "inference",
            "kvCacheBytes",
            String.format(
                Locale.ROOT,
                "%d cells x (K row %s + V row %s) per layer, %d of %d layers on the GPU = %s",
                cells,
                s.cacheTypeK(),
                s.cacheTypeV(),
                sp.gpuLayers(),
                spec.numLayers(),
                Numbers.grouped(gpuKv)),
            gpuKv));
  }
}
