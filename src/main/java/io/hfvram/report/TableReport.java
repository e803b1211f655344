package io.hfvram.report;

import io.hfvram.core.Numbers;
import io.hfvram.estimate.Estimate;
import io.hfvram.estimate.Explanation;
import io.hfvram.estimate.Fit;
import io.hfvram.estimate.Framework;
import io.hfvram.estimate.InferenceEstimate;
import io.hfvram.estimate.Suggestion;
import io.hfvram.estimate.TrainingEstimate;
import io.hfvram.source.ModelSource;
import io.hfvram.spec.ModelSpec;
import java.util.Map;

/**
 * The human-readable breakdown: spec summary, a stacked bar and a table for inference and for
 * training, the fit, the rules of thumb beside the detailed figures, and the assumptions.
 */
final class TableReport {
  private TableReport() {}

  /** Renders one model with plain options, ending with a newline. */
  static String render(Report r) {
    return render(r, RenderOptions.plain());
  }

  /** Renders one model, ending with a newline. */
  static String render(Report r, RenderOptions o) {
    StringBuilder sb = new StringBuilder(4096);
    spec(sb, o, r);
    inference(sb, o, r.estimate().inference());
    training(sb, o, r);
    Fit f = r.estimate().fit();
    if (f != null) {
      fit(sb, o, f, r.estimate());
    }
    rulesOfThumb(sb, o, r.estimate());
    if (o.explain()) {
      sb.append('\n').append(bold(o, "How each figure was computed")).append('\n');
      for (Explanation e : r.estimate().explanations()) {
        sb.append("  ")
            .append(e.section())
            .append('.')
            .append(e.figure())
            .append(" = ")
            .append(e.formula())
            .append('\n');
      }
    }
    sb.append('\n')
        .append(bold(o, "Assumptions"))
        .append(" (")
        .append(o.units().note())
        .append(")\n");
    for (String a : r.assumptions()) {
      sb.append("  - ").append(a).append('\n');
    }
    return sb.toString();
  }

  /** The model's name, where it came from, and the facts of its spec. */
  private static void spec(StringBuilder sb, RenderOptions o, Report r) {
    ModelSpec s = r.model().spec();
    sb.append(bold(o, r.model().model())).append("  (").append(r.model().source().kind());
    String path = path(r.model().source());
    if (path != null) {
      sb.append(": ").append(path);
    }
    sb.append(")\n");
    sb.append("  ")
        .append(s.modelType())
        .append(" · ")
        .append(s.architecture())
        .append(" · ")
        .append(Units.count(s.parameters()))
        .append(" parameters (")
        .append(Units.grouped(s.parameters()))
        .append(", from ")
        .append(s.parameterSource())
        .append(ScanLines.headerCaveat(s))
        .append(")");
    if (s.activeParameters() != s.parameters()) {
      sb.append(" · ").append(Units.count(s.activeParameters())).append(" active");
    }
    sb.append(" · ").append(s.weightDtype()).append('\n');
    if (!s.storedParameters().isEmpty()) {
      sb.append("  stored tensors:");
      s.storedParameters().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e -> sb.append(' ').append(e.getKey()).append(' ').append(Units.count(e.getValue())));
      sb.append('\n');
    }
    sb.append("  hidden ")
        .append(s.hiddenSize())
        .append(" · layers ")
        .append(s.numLayers())
        .append(" · heads ")
        .append(s.numAttentionHeads())
        .append(" (")
        .append(Labels.attention(s))
        .append(") · intermediate ")
        .append(s.intermediateSize())
        .append(" · vocab ")
        .append(s.vocabSize())
        .append(" · context ")
        .append(s.maxContext())
        .append(" · ")
        .append(s.tiedEmbeddings() ? "tied" : "untied")
        .append(" embeddings\n");
  }

  /** The folder or file a model was read from, or null when it came from the Hub or catalog. */
  private static String path(ModelSource source) {
    if (source instanceof ModelSource.Local l) {
      return l.path();
    }
    if (source instanceof ModelSource.HfCache c) {
      return c.path();
    }
    return null;
  }

  private static void inference(StringBuilder sb, RenderOptions o, InferenceEstimate i) {
    sb.append('\n')
        .append(bold(o, "Inference"))
        .append("   ")
        .append(i.dtype())
        .append(" weights · ")
        .append(i.kvDtype())
        .append(" KV cache · batch ")
        .append(i.batchSize())
        .append(" · sequence ")
        .append(i.sequenceLength())
        .append(i.engine().id().equals("vllm") ? " · vLLM" : "")
        .append(i.tensorParallel() > 1 ? " · per GPU of " + i.tensorParallel() : "")
        .append('\n');
    Part[] names = {Part.WEIGHTS, Part.KV_CACHE, Part.ACTIVATIONS, Part.OVERHEAD};
    long[] parts = {i.weightsBytes(), i.kvCacheBytes(), i.activationBytes(), i.overheadBytes()};
    String[] notes = {null, Units.binary(i.kvCacheBytesPerToken()) + " per token", null, null};
    parts(sb, o, names, parts, notes, i.totalBytes());
    if (i.kvCapacityTokens() >= 0) {
      sb.append("  vLLM KV cache: ")
          .append(Numbers.grouped(i.kvCapacityTokens()))
          .append(" tokens; maximum concurrency for ")
          .append(i.sequenceLength())
          .append(" tokens per request: ")
          .append(Numbers.fixed(i.maxConcurrency(), 2))
          .append("x\n");
    }
  }

  private static void training(StringBuilder sb, RenderOptions o, Report r) {
    TrainingEstimate t = r.estimate().training();
    int tp = r.estimate().inference().tensorParallel();
    sb.append('\n')
        .append(bold(o, "Training"))
        .append("    ")
        .append(t.method())
        .append(" · ")
        .append(t.optimizer())
        .append(" · ")
        .append(t.precision())
        .append(" precision · batch ")
        .append(t.batchSize())
        .append(" · sequence ")
        .append(t.sequenceLength())
        .append(" · ")
        .append(Units.count(t.trainableParameters()))
        .append(" trainable")
        .append(Labels.trainingPerGpu(t, tp))
        .append('\n');
    boolean transients = t.transientBytes() > 0;
    Part[] names =
        transients
            ? new Part[] {
              Part.WEIGHTS,
              Part.GRADIENTS,
              Part.OPTIMIZER,
              Part.ACTIVATIONS,
              Part.TRANSIENTS,
              Part.OVERHEAD
            }
            : new Part[] {
              Part.WEIGHTS, Part.GRADIENTS, Part.OPTIMIZER, Part.ACTIVATIONS, Part.OVERHEAD
            };
    long[] parts =
        transients
            ? new long[] {
              t.weightsBytes(),
              t.gradientBytes(),
              t.optimizerBytes(),
              t.activationBytes(),
              t.transientBytes(),
              t.overheadBytes()
            }
            : new long[] {
              t.weightsBytes(),
              t.gradientBytes(),
              t.optimizerBytes(),
              t.activationBytes(),
              t.overheadBytes()
            };
    String[] notes = new String[names.length];
    notes[0] = Labels.trainingWeights(t, r.model().spec().parameters(), tp);
    notes[1] = Labels.trainingGradients(t);
    parts(sb, o, names, parts, notes, t.totalBytes());
    trainingFooter(sb, o, t);
  }

  /** The profile's allocated / reserved / context line and the sharding line. */
  private static void trainingFooter(StringBuilder sb, RenderOptions o, TrainingEstimate t) {
    if (t.framework() != Framework.CUSTOM) {
      sb.append("  ")
          .append(t.framework())
          .append(" profile: torch allocated peak ")
          .append(o.units().format(t.allocatorPeakBytes()))
          .append(" · reserved ")
          .append(o.units().format(t.reservedBytes()))
          .append(" · CUDA context ")
          .append(o.units().format(t.contextBytes()))
          .append('\n');
    }
    if (t.gpus() > 1 || t.zeroStage() > 0) {
      sb.append("  per GPU of ")
          .append(t.gpus())
          .append(", ZeRO stage ")
          .append(t.zeroStage())
          .append(
              t.cpuBytes() > 0
                  ? ", offload "
                      + t.offload()
                      + ": "
                      + o.units().format(t.cpuBytes())
                      + " of CPU memory"
                  : "")
          .append('\n');
    }
  }

  /** The bar, one line per part, and the total. */
  private static void parts(
      StringBuilder sb, RenderOptions o, Part[] names, long[] parts, String[] notes, long total) {
    bar(sb, o, names, parts, total);
    for (int k = 0; k < parts.length; k++) {
      row(sb, o, names[k], parts[k], total, notes[k]);
    }
    total(sb, o.units(), total);
  }

  private static void fit(StringBuilder sb, RenderOptions o, Fit f, Estimate e) {
    InferenceEstimate i = e.inference();
    sb.append('\n')
        .append(bold(o, "Fit"))
        .append(" on ")
        .append(f.gpu())
        .append(" (")
        .append(o.units().format(f.gpuMemoryBytes()))
        .append(i.tensorParallel() > 1 ? " each, tensor parallel " + i.tensorParallel() : "")
        .append(")\n");
    sb.append("  inference: ")
        .append(FitText.inference(f, i, o.units()))
        .append("; fewest GPUs (tensor parallel): ")
        .append(f.gpusNeeded() == 0 ? "more than 64" : Integer.toString(f.gpusNeeded()))
        .append('\n');
    sb.append("  ").append(FitText.limits(f, i)).append('\n');
    sb.append("  training: ")
        .append(FitText.training(f, e, o.units()))
        .append("; fewest GPUs at ZeRO stage ")
        .append(e.training().zeroStage())
        .append(": ")
        .append(f.trainingGpusNeeded() == 0 ? "none" : Integer.toString(f.trainingGpusNeeded()))
        .append('\n');
    suggestions(sb, o, f);
  }

  /** The planner's configurations that fit, each as the flags to add and its total. */
  private static void suggestions(StringBuilder sb, RenderOptions o, Fit f) {
    if (f.trainingFits()) {
      return;
    }
    if (f.suggestions().isEmpty()) {
      sb.append("  no change the planner tries makes training fit (docs/formulas.md, Planner)\n");
      return;
    }
    sb.append("  to make training fit, add or change (total per GPU, flags, what changes):\n");
    for (Suggestion s : f.suggestions()) {
      sb.append("  ")
          .append(Numbers.right(o.units().format(s.totalBytes()), 14))
          .append("  ")
          .append(s.flags())
          .append("  (")
          .append(String.join("; ", s.changes()))
          .append(s.cpuBytes() > 0 ? "; " + o.units().format(s.cpuBytes()) + " of CPU memory" : "")
          .append(")\n");
    }
  }

  private static void rulesOfThumb(StringBuilder sb, RenderOptions o, Estimate e) {
    RenderOptions.UnitSystem u = o.units();
    Estimate.Comparisons c = e.comparisons();
    int tp = e.inference().tensorParallel();
    sb.append('\n')
        .append(bold(o, "Rules of thumb"))
        .append(" (for comparison")
        .append(tp > 1 ? "; per GPU: the whole-model rule / tp " + tp : "")
        .append(")\n");
    sb.append("  inference = parameters x bytes")
        .append(tp > 1 ? " / " + tp : "")
        .append(": ")
        .append(u.format(c.ruleOfThumbInferenceBytes() / tp))
        .append(" (detailed")
        .append(tp > 1 ? " per GPU" : "")
        .append(": ")
        .append(u.format(e.inference().totalBytes()))
        .append(")\n  training = 4-6 x that: ")
        .append(u.format(c.ruleOfThumbTrainingLowBytes() / tp))
        .append(" to ")
        .append(u.format(c.ruleOfThumbTrainingHighBytes() / tp))
        .append(" (detailed")
        .append(tp > 1 || e.training().gpus() > 1 ? " per GPU" : "")
        .append(": ")
        .append(u.format(e.training().totalBytes()))
        .append(Labels.zeroCaveat(e.training()))
        .append(")\n");
  }

  private static String bold(RenderOptions o, String s) {
    return o.color() ? "\u001b[1m" + s + "\u001b[0m" : s;
  }

  /** A stacked bar, one segment per part, as wide as the terminal allows. */
  private static void bar(
      StringBuilder sb, RenderOptions o, Part[] names, long[] parts, long total) {
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
        sb.append("\u001b[38;5;")
            .append(names[k].ansi())
            .append('m')
            .append("█".repeat(n))
            .append("\u001b[0m");
      } else {
        sb.append(String.valueOf(names[k].glyph()).repeat(n));
      }
    }
    sb.append('\n');
  }

  private static void row(
      StringBuilder sb, RenderOptions o, Part part, long bytes, long total, String note) {
    String key =
        o.color() ? "\u001b[38;5;" + part.ansi() + "m█\u001b[0m" : String.valueOf(part.glyph());
    sb.append("  ")
        .append(key)
        .append(' ')
        .append(Numbers.left(part.label(), 11))
        .append(' ')
        .append(Numbers.right(o.units().format(bytes), 14))
        .append(' ')
        .append(Numbers.right(Units.percent(bytes, total), 7));
    if (note != null) {
      sb.append("   ").append(note);
    }
    sb.append('\n');
  }

  private static void total(StringBuilder sb, RenderOptions.UnitSystem u, long bytes) {
    sb.append("    ")
        .append(Numbers.left("Total", 11))
        .append(' ')
        .append(Numbers.right(u.format(bytes), 14))
        .append('\n');
  }
}
