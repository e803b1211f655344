package io.hfvram.report;

import io.hfvram.estimate.Estimate;
import io.hfvram.estimate.Fit;
import io.hfvram.estimate.InferenceEstimate;
import io.hfvram.estimate.TrainingEstimate;
import io.hfvram.spec.ModelSpec;
import java.util.Locale;

/** The human-readable breakdown: spec summary, inference, training and assumptions. */
public final class TableReport {
  private TableReport() {}

  /** Renders one model, ending with a newline. Sizes are GiB (2^30 bytes). */
  public static String render(Report r) {
    StringBuilder sb = new StringBuilder(2048);
    ModelSpec s = r.model().spec();
    sb.append(r.model().model()).append("  (").append(r.model().source().kind());
    Object path = r.model().source().details().get("path");
    if (path != null) {
      sb.append(": ").append(path);
    }
    sb.append(")\n");
    sb.append("  ").append(s.modelType()).append(" · ").append(s.architecture()).append(" · ")
        .append(Units.count(s.parameters())).append(" parameters (")
        .append(Units.grouped(s.parameters())).append(", from ").append(s.parameterSource())
        .append(")");
    if (s.activeParameters() != s.parameters()) {
      sb.append(" · ").append(Units.count(s.activeParameters())).append(" active");
    }
    sb.append(" · ").append(s.weightDtype()).append('\n');
    sb.append(String.format(Locale.ROOT,
        "  hidden %d · layers %d · heads %d (KV %d, head_dim %d) · intermediate %d · vocab %d"
            + " · context %d · %s embeddings%n",
        s.hiddenSize(), s.numLayers(), s.numAttentionHeads(), s.numKeyValueHeads(), s.headDim(),
        s.intermediateSize(), s.vocabSize(), s.maxContext(), s.tiedEmbeddings() ? "tied"
            : "untied"));
    InferenceEstimate i = r.estimate().inference();
    sb.append('\n').append(String.format(Locale.ROOT,
        "Inference   %s weights · %s KV cache · batch %d · sequence %d%n", i.dtype(),
        i.kvDtype(), i.batchSize(), i.sequenceLength()));
    row(sb, "Weights", i.weightsBytes(), i.totalBytes(), null);
    row(sb, "KV cache", i.kvCacheBytes(), i.totalBytes(),
        Units.binary(i.kvCacheBytesPerToken()) + " per token");
    row(sb, "Activations", i.activationBytes(), i.totalBytes(), null);
    row(sb, "Overhead", i.overheadBytes(), i.totalBytes(), null);
    total(sb, i.totalBytes());
    if (i.kvCapacityTokens() >= 0) {
      sb.append(String.format(Locale.ROOT,
          "  vLLM KV cache: %,d tokens; maximum concurrency for %d tokens per request: %.2fx%n",
          i.kvCapacityTokens(), i.sequenceLength(), i.maxConcurrency()));
    }
    TrainingEstimate t = r.estimate().training();
    sb.append('\n').append(String.format(Locale.ROOT,
        "Training    %s · %s · %s precision · batch %d · sequence %d · %s trainable%n",
        t.method(), t.optimizer(), t.precision(), t.batchSize(), t.sequenceLength(),
        Units.count(t.trainableParameters())));
    row(sb, "Weights", t.weightsBytes(), t.totalBytes(), null);
    row(sb, "Gradients", t.gradientBytes(), t.totalBytes(), null);
    row(sb, "Optimizer", t.optimizerBytes(), t.totalBytes(), null);
    row(sb, "Activations", t.activationBytes(), t.totalBytes(), null);
    row(sb, "Overhead", t.overheadBytes(), t.totalBytes(), null);
    total(sb, t.totalBytes());
    if (t.gpus() > 1 || t.zeroStage() > 0) {
      sb.append(String.format(Locale.ROOT, "  per GPU of %d, ZeRO stage %d%s%n", t.gpus(),
          t.zeroStage(), t.cpuBytes() > 0 ? ", offload " + t.offload() + ": "
              + Units.gib(t.cpuBytes()) + " of CPU memory" : ""));
    }
    Fit f = r.estimate().fit();
    if (f != null) {
      sb.append(String.format(Locale.ROOT, "%nFit on %s (%s)%n", f.gpu(),
          Units.gib(f.gpuMemoryBytes())));
      sb.append(String.format(Locale.ROOT,
          "  inference: %s; fewest GPUs (tensor parallel): %s; longest sequence at batch %d:"
              + " %,d; largest batch at sequence %d: %,d%n",
          f.fits() ? "fits" : "does not fit", f.gpusNeeded() == 0 ? "more than 64"
              : f.gpusNeeded(), i.batchSize(), f.maxSequenceLength(), i.sequenceLength(),
          f.maxBatchSize()));
      sb.append(String.format(Locale.ROOT, "  training: %s; fewest GPUs at ZeRO stage %d: %s%n",
          f.trainingFits() ? "fits" : "does not fit", t.zeroStage(),
          f.trainingGpusNeeded() == 0 ? "none (shard with --zero 3 or use --method lora)"
              : f.trainingGpusNeeded()));
    }
    Estimate.Comparisons c = r.estimate().comparisons();
    sb.append(String.format(Locale.ROOT, "%nRules of thumb (for comparison)%n"
        + "  inference = parameters x bytes: %s (detailed: %s)%n"
        + "  training = 4-6 x that: %s to %s (detailed: %s)%n",
        Units.gib(c.ruleOfThumbInferenceBytes()), Units.gib(i.totalBytes()),
        Units.gib(c.ruleOfThumbTrainingLowBytes()), Units.gib(c.ruleOfThumbTrainingHighBytes()),
        Units.gib(t.totalBytes())));
    sb.append("\nAssumptions (GiB = 2^30 bytes)\n");
    for (String a : r.assumptions()) {
      sb.append("  - ").append(a).append('\n');
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, long bytes, long total, String note) {
    sb.append(String.format(Locale.ROOT, "  %-12s %14s %7s", name, Units.gib(bytes),
        Units.percent(bytes, total)));
    if (note != null) {
      sb.append("   ").append(note);
    }
    sb.append('\n');
  }

  private static void total(StringBuilder sb, long bytes) {
    sb.append(String.format(Locale.ROOT, "  %-12s %14s%n", "Total", Units.gib(bytes)));
  }
}
