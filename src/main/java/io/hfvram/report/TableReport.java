package io.hfvram.report;

import io.hfvram.estimate.Estimate;
import io.hfvram.estimate.Explanation;
import io.hfvram.estimate.Fit;
import io.hfvram.estimate.InferenceEstimate;
import io.hfvram.estimate.TrainingEstimate;
import io.hfvram.spec.ModelSpec;
import java.util.List;
import java.util.Locale;

/**
 * The human-readable breakdown: spec summary, a stacked bar and a table for inference and for
 * training, the fit, the rules of thumb beside the detailed figures, and the assumptions.
 */
public final class TableReport {
  /** Colours of the bar segments (ANSI 256-colour codes) and their glyphs without colour. */
  private static final int[] COLORS = {33, 208, 70, 245, 135};
  private static final char[] GLYPHS = {'#', '=', '+', '.', '%'};

  private TableReport() {}

  /** Renders one model with plain options, ending with a newline. */
  public static String render(Report r) {
    return render(r, RenderOptions.plain());
  }

  /** Renders one model, ending with a newline. */
  public static String render(Report r, RenderOptions o) {
    StringBuilder sb = new StringBuilder(4096);
    RenderOptions.UnitSystem u = o.units();
    ModelSpec s = r.model().spec();
    sb.append(bold(o, r.model().model())).append("  (").append(r.model().source().kind());
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
    sb.append('\n').append(bold(o, "Inference")).append(String.format(Locale.ROOT,
        "   %s weights · %s KV cache · batch %d · sequence %d%s%s%n", i.dtype(), i.kvDtype(),
        i.batchSize(), i.sequenceLength(), i.engine().id().equals("vllm") ? " · vLLM" : "",
        i.tensorParallel() > 1 ? " · per GPU of " + i.tensorParallel() : ""));
    String[] iNames = {"Weights", "KV cache", "Activations", "Overhead"};
    long[] iParts = {i.weightsBytes(), i.kvCacheBytes(), i.activationBytes(),
        i.overheadBytes()};
    bar(sb, o, iParts, i.totalBytes());
    for (int k = 0; k < iParts.length; k++) {
      row(sb, o, k, iNames[k], iParts[k], i.totalBytes(), k == 1
          ? Units.binary(i.kvCacheBytesPerToken()) + " per token" : null);
    }
    total(sb, u, i.totalBytes());
    if (i.kvCapacityTokens() >= 0) {
      sb.append(String.format(Locale.ROOT,
          "  vLLM KV cache: %,d tokens; maximum concurrency for %d tokens per request: %.2fx%n",
          i.kvCapacityTokens(), i.sequenceLength(), i.maxConcurrency()));
    }
    TrainingEstimate t = r.estimate().training();
    sb.append('\n').append(bold(o, "Training")).append(String.format(Locale.ROOT,
        "    %s · %s · %s precision · batch %d · sequence %d · %s trainable%n",
        t.method(), t.optimizer(), t.precision(), t.batchSize(), t.sequenceLength(),
        Units.count(t.trainableParameters())));
    String[] tNames = {"Weights", "Gradients", "Optimizer", "Activations", "Overhead"};
    long[] tParts = {t.weightsBytes(), t.gradientBytes(), t.optimizerBytes(),
        t.activationBytes(), t.overheadBytes()};
    bar(sb, o, tParts, t.totalBytes());
    String[] perParam = {t.precision().weightBytes() + " B/param",
        t.precision().gradientBytes() + " B/param", null, null, null};
    for (int k = 0; k < tParts.length; k++) {
      row(sb, o, k, tNames[k], tParts[k], t.totalBytes(), perParam[k]);
    }
    total(sb, u, t.totalBytes());
    if (t.gpus() > 1 || t.zeroStage() > 0) {
      sb.append(String.format(Locale.ROOT, "  per GPU of %d, ZeRO stage %d%s%n", t.gpus(),
          t.zeroStage(), t.cpuBytes() > 0 ? ", offload " + t.offload() + ": "
              + u.format(t.cpuBytes()) + " of CPU memory" : ""));
    }
    Fit f = r.estimate().fit();
    if (f != null) {
      sb.append('\n').append(bold(o, "Fit")).append(String.format(Locale.ROOT, " on %s (%s)%n",
          f.gpu(), u.format(f.gpuMemoryBytes())));
      sb.append(String.format(Locale.ROOT,
          "  inference: %s; fewest GPUs (tensor parallel): %s%n"
              + "  longest sequence at batch %d: %,d; largest batch at sequence %d: %,d%n",
          f.fits() ? "fits" : "does not fit", f.gpusNeeded() == 0 ? "more than 64"
              : f.gpusNeeded(), i.batchSize(), f.maxSequenceLength(), i.sequenceLength(),
          f.maxBatchSize()));
      sb.append(String.format(Locale.ROOT, "  training: %s; fewest GPUs at ZeRO stage %d: %s%n",
          f.trainingFits() ? "fits" : "does not fit", t.zeroStage(),
          f.trainingGpusNeeded() == 0 ? "none (shard with --zero 3 or use --method lora)"
              : f.trainingGpusNeeded()));
    }
    Estimate.Comparisons c = r.estimate().comparisons();
    sb.append('\n').append(bold(o, "Rules of thumb")).append(" (for comparison)\n");
    sb.append(String.format(Locale.ROOT, "  inference = parameters x bytes: %s (detailed: %s)%n"
        + "  training = 4-6 x that: %s to %s (detailed: %s)%n", u.format(
            c.ruleOfThumbInferenceBytes()), u.format(i.totalBytes()),
        u.format(c.ruleOfThumbTrainingLowBytes()), u.format(c.ruleOfThumbTrainingHighBytes()),
        u.format(t.totalBytes())));
    if (o.explain()) {
      sb.append('\n').append(bold(o, "How each figure was computed")).append('\n');
      List<Explanation> ex = r.estimate().explanations();
      for (Explanation e : ex) {
        sb.append("  ").append(e.section()).append('.').append(e.figure()).append(" = ")
            .append(e.formula()).append('\n');
      }
    }
    sb.append('\n').append(bold(o, "Assumptions")).append(" (").append(u.note()).append(")\n");
    for (String a : r.assumptions()) {
      sb.append("  - ").append(a).append('\n');
    }
    return sb.toString();
  }

  private static String bold(RenderOptions o, String s) {
    return o.color() ? "\u001b[1m" + s + "\u001b[0m" : s;
  }

  /** A stacked bar, one segment per part, as wide as the terminal allows. */
  private static void bar(StringBuilder sb, RenderOptions o, long[] parts, long total) {
    int width = o.width() - 4;
    sb.append("  ");
    int used = 0;
    for (int k = 0; k < parts.length; k++) {
      int n = total == 0 ? 0 : (int) Math.round((double) parts[k] * width / total);
      if (k == parts.length - 1) {
        n = Math.max(0, width - used);
      }
      n = Math.min(n, width - used);
      used += n;
      if (o.color()) {
        sb.append("\u001b[38;5;").append(COLORS[k]).append('m').append("█".repeat(n))
            .append("\u001b[0m");
      } else {
        sb.append(String.valueOf(GLYPHS[k]).repeat(n));
      }
    }
    sb.append('\n');
  }

  private static void row(StringBuilder sb, RenderOptions o, int k, String name, long bytes,
      long total, String note) {
    String key = o.color() ? "\u001b[38;5;" + COLORS[k] + "m█\u001b[0m" : String.valueOf(
        GLYPHS[k]);
    sb.append(String.format(Locale.ROOT, "  %s %-11s %14s %7s", key, name,
        o.units().format(bytes), Units.percent(bytes, total)));
    if (note != null) {
      sb.append("   ").append(note);
    }
    sb.append('\n');
  }

  private static void total(StringBuilder sb, RenderOptions.UnitSystem u, long bytes) {
    sb.append(String.format(Locale.ROOT, "    %-11s %14s%n", "Total", u.format(bytes)));
  }
}
