package io.hfvram.report;

import io.hfvram.core.JsonWriter;
import io.hfvram.estimate.EngineFigures;
import io.hfvram.estimate.Estimate;
import io.hfvram.estimate.Explanation;
import io.hfvram.estimate.Fit;
import io.hfvram.estimate.InferenceEstimate;
import io.hfvram.estimate.Suggestion;
import io.hfvram.estimate.TrainingEstimate;
import io.hfvram.spec.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON contract (docs/json-schema.md). Field names are fixed: fields may be added, none
 * renamed. Byte counts are exact integers in bytes.
 */
final class JsonReport {
  private JsonReport() {}

  /** One model as a pretty JSON object (the golden file's form). */
  static String render(Report r) {
    return JsonWriter.pretty(toMap(r, false));
  }

  /** The report as ordered maps and lists, with each figure's formula when asked. */
  static Map<String, Object> toMap(Report r, boolean explain) {
    Map<String, Object> m = toMap(r);
    if (explain) {
      m.put("explanations", explanations(r));
    }
    return m;
  }

  static List<Object> explanations(Report r) {
    List<Object> list = new ArrayList<>();
    for (Explanation e : r.estimate().explanations()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("figure", e.section() + "." + e.figure());
      m.put("formula", e.formula());
      m.put("bytes", e.bytes());
      list.add(m);
    }
    return list;
  }

  /** The report as ordered maps and lists, without explanations (a JSONL row). */
  static Map<String, Object> toMap(Report r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", r.model().model());
    m.put("source", r.model().source().toMap());
    m.put("spec", spec(r.model().spec()));
    m.put("inference", inference(r.estimate().inference()));
    m.put("training", training(r.estimate().training()));
    if (r.estimate().fit() != null) {
      m.put("fit", fit(r.estimate().fit()));
    }
    m.put("rulesOfThumb", comparisons(r.estimate().comparisons()));
    m.put("assumptions", r.assumptions());
    return m;
  }

  static Map<String, Object> spec(ModelSpec s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("modelType", s.modelType());
    m.put("architecture", s.architecture());
    m.put("hiddenSize", s.hiddenSize());
    m.put("numLayers", s.numLayers());
    m.put("numAttentionHeads", s.numAttentionHeads());
    m.put("numKeyValueHeads", s.numKeyValueHeads());
    m.put("headDim", s.headDim());
    m.put("intermediateSize", s.intermediateSize());
    m.put("vocabSize", s.vocabSize());
    m.put("maxContext", s.maxContext());
    m.put("tiedEmbeddings", s.tiedEmbeddings());
    m.put("parameters", s.parameters());
    m.put("parameterSource", s.parameterSource().id());
    m.put("weightDtype", s.weightDtype().id());
    m.put("activeParameters", s.activeParameters());
    m.put("numExperts", s.numExperts());
    m.put("expertsPerToken", s.expertsPerToken());
    m.put("attentionLayers", s.attentionLayers());
    if (!s.storedParameters().isEmpty()) {
      m.put("storedParameters", new TreeMap<>(s.storedParameters()));
    }
    if (s.quantization() != null) {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("method", s.quantization().method());
      q.put("bits", s.quantization().bits());
      q.put("groupSize", s.quantization().groupSize());
      m.put("quantization", q);
    }
    return m;
  }

  static Map<String, Object> inference(InferenceEstimate i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dtype", i.dtype().id());
    m.put("kvDtype", i.kvDtype().id());
    m.put("batchSize", i.batchSize());
    m.put("sequenceLength", i.sequenceLength());
    m.put("weightsBytes", i.weightsBytes());
    m.put("kvCacheBytes", i.kvCacheBytes());
    m.put("kvCacheBytesPerToken", i.kvCacheBytesPerToken());
    m.put("activationBytes", i.activationBytes());
    m.put("overheadBytes", i.overheadBytes());
    m.put("totalBytes", i.totalBytes());
    m.put("allocatorPeakBytes", i.allocatorPeakBytes());
    m.put("contextBytes", i.contextBytes());
    m.put("engine", i.engine().id());
    m.put("tensorParallel", (long) i.tensorParallel());
    if (i.kvCapacityTokens() >= 0) {
      m.put("kvCapacityTokens", i.kvCapacityTokens());
      m.put("maxConcurrency", i.maxConcurrency());
    }
    if (i.maxModelLen() >= 0) {
      m.put("maxModelLen", i.maxModelLen());
    }
    if (!i.warnings().isEmpty()) {
      m.put("warnings", i.warnings());
    }
    engineFigures(i.figures(), m);
    return m;
  }

  /** SGLang's and llama.cpp's own figures, under their engine's key. */
  static void engineFigures(EngineFigures f, Map<String, Object> m) {
    if (f.sglang() != null) {
      EngineFigures.Sglang g = f.sglang();
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("memFractionStatic", g.memFractionStatic());
      s.put("chunkedPrefillSize", g.chunkedPrefillSize());
      s.put("cudaGraphMaxBs", g.cudaGraphMaxBs());
      s.put("maxTotalTokens", g.maxTotalTokens());
      s.put("maxRunningRequests", g.maxRunningRequests());
      s.put("contextLength", g.contextLength());
      m.put("sglang", s);
    }
    if (f.llamaCpp() != null) {
      EngineFigures.LlamaCpp l = f.llamaCpp();
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("vramBytes", l.vramBytes());
      s.put("ramBytes", l.ramBytes());
      s.put("gpuLayers", (long) l.gpuLayers());
      s.put("outputOnGpu", l.outputOnGpu());
      s.put("contextSize", l.contextSize());
      s.put("gpuWeightsBytes", l.gpuWeightsBytes());
      s.put("cpuWeightsBytes", l.cpuWeightsBytes());
      s.put("gpuKvCacheBytes", l.gpuKvBytes());
      s.put("cpuKvCacheBytes", l.cpuKvBytes());
      s.put("gpuComputeBytes", l.gpuComputeBytes());
      s.put("cpuComputeBytes", l.cpuComputeBytes());
      m.put("llamaCpp", s);
    }
    if (f.vllmDraft() != null) {
      EngineFigures.Draft d = f.vllmDraft();
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("method", d.method());
      s.put("numSpeculativeTokens", (long) d.speculativeTokens());
      s.put("draftLayers", d.layers());
      s.put("draftWeightsBytes", d.weightsBytes());
      s.put("draftKvCacheBytesPerToken", d.kvCacheBytesPerToken());
      s.put("draftActivationBytes", d.activationBytes());
      m.put("speculative", s);
    }
  }

  static Map<String, Object> fit(Fit f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gpu", f.gpu());
    m.put("gpuMemoryBytes", f.gpuMemoryBytes());
    m.put("fits", f.fits());
    m.put("gpusNeeded", (long) f.gpusNeeded());
    m.put("maxSequenceLength", f.maxSequenceLength());
    m.put("maxBatchSize", f.maxBatchSize());
    m.put("trainingFits", f.trainingFits());
    m.put("trainingGpusNeeded", (long) f.trainingGpusNeeded());
    List<Object> list = new ArrayList<>();
    for (Suggestion s : f.suggestions()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("flags", s.flags());
      x.put("totalBytes", s.totalBytes());
      x.put("gpus", (long) s.gpus());
      x.put("cpuBytes", s.cpuBytes());
      x.put("changes", s.changes());
      list.add(x);
    }
    m.put("suggestions", list);
    return m;
  }

  static Map<String, Object> comparisons(Estimate.Comparisons c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("inferenceBytes", c.ruleOfThumbInferenceBytes());
    m.put("trainingLowBytes", c.ruleOfThumbTrainingLowBytes());
    m.put("trainingHighBytes", c.ruleOfThumbTrainingHighBytes());
    m.put("korthikantiActivationBytes", c.korthikantiActivationBytes());
    return m;
  }

  static Map<String, Object> training(TrainingEstimate t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", t.method().id());
    m.put("optimizer", t.optimizer().id());
    m.put("precision", t.precision().id());
    m.put("batchSize", t.batchSize());
    m.put("sequenceLength", t.sequenceLength());
    m.put("trainableParameters", t.trainableParameters());
    m.put("weightsBytes", t.weightsBytes());
    m.put("gradientBytes", t.gradientBytes());
    m.put("optimizerBytes", t.optimizerBytes());
    m.put("activationBytes", t.activationBytes());
    m.put("overheadBytes", t.overheadBytes());
    m.put("totalBytes", t.totalBytes());
    m.put("gpus", (long) t.gpus());
    m.put("zeroStage", (long) t.zeroStage());
    m.put("offload", t.offload().id());
    m.put("cpuBytes", t.cpuBytes());
    m.put("loraRank", t.loraRank());
    m.put("checkpointing", t.checkpointing().id());
    m.put("framework", t.framework().id());
    m.put("transientBytes", t.transientBytes());
    m.put("allocatorPeakBytes", t.allocatorPeakBytes());
    m.put("reservedBytes", t.reservedBytes());
    m.put("contextBytes", t.contextBytes());
    Map<String, Object> bpp = new LinkedHashMap<>();
    bpp.put("weights", (long) t.precision().weightBytes());
    bpp.put("gradients", (long) t.precision().gradientBytes());
    bpp.put("optimizerMaster", (long) t.precision().masterBytes());
    m.put("bytesPerParameter", bpp);
    return m;
  }
}
