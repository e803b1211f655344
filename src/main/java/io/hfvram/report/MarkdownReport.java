package io.hfvram.report;

import io.hfvram.estimate.Estimate;
import io.hfvram.estimate.Explanation;
import io.hfvram.estimate.Fit;
import io.hfvram.estimate.InferenceEstimate;
import io.hfvram.estimate.Suggestion;
import io.hfvram.estimate.TrainingEstimate;
import io.hfvram.spec.ModelSpec;
import java.util.Locale;

/** Markdown tables ready for a model card or an issue. */
final class MarkdownReport {
  private MarkdownReport() {}

  static String render(Report r, RenderOptions o) {
    RenderOptions.UnitSystem u = o.units();
    ModelSpec s = r.model().spec();
    StringBuilder sb = new StringBuilder(2048);
    sb.append("## Memory estimate: ").append(esc(r.model().model())).append("\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "%s (%s), %s parameters (%s), %s; hidden %d, %d layers,"
                + " %d heads (%s), context %d.%n%n",
            esc(s.architecture()),
            s.modelType(),
            Units.count(s.parameters()),
            s.parameterSource(),
            s.weightDtype(),
            s.hiddenSize(),
            s.numLayers(),
            s.numAttentionHeads(),
            Labels.markdownAttention(s),
            s.maxContext()));
    inference(sb, u, r.estimate().inference());
    training(sb, u, r.estimate().training(), r.estimate().inference().tensorParallel());
    fit(sb, u, r);
    Estimate.Comparisons c = r.estimate().comparisons();
    int tp = r.estimate().inference().tensorParallel();
    sb.append(
        String.format(
            Locale.ROOT,
            "Rules of thumb%s: parameters x bytes%s = %s; training" + " 4-6x = %s to %s.%n%n",
            tp > 1 ? " (per GPU)" : "",
            tp > 1 ? " / tp " + tp : "",
            u.format(c.ruleOfThumbInferenceBytes() / tp),
            u.format(c.ruleOfThumbTrainingLowBytes() / tp),
            u.format(c.ruleOfThumbTrainingHighBytes() / tp)));
    if (o.explain()) {
      sb.append("### How each figure was computed\n\n");
      for (Explanation e : r.estimate().explanations()) {
        sb.append("- `")
            .append(e.section())
            .append('.')
            .append(e.figure())
            .append("` = ")
            .append(esc(e.formula()))
            .append('\n');
      }
      sb.append('\n');
    }
    sb.append("<details><summary>Assumptions (").append(u.note()).append(")</summary>\n\n");
    for (String a : r.assumptions()) {
      sb.append("- ").append(esc(a)).append('\n');
    }
    sb.append("\n</details>\n\n_Estimated with hf-vram._\n");
    return sb.toString();
  }

  /** The fit table; beyond the configured GPUs, the limits at the count that fits. */
  private static void fit(StringBuilder sb, RenderOptions.UnitSystem u, Report r) {
    Fit f = r.estimate().fit();
    if (f == null) {
      return;
    }
    InferenceEstimate i = r.estimate().inference();
    boolean more = FitText.needsMore(f, i);
    String with =
        more ? "needs " + f.gpusNeeded() + " GPUs; with --tp " + f.gpusNeeded() + ": " : "";
    sb.append(
        String.format(
            Locale.ROOT,
            "### Fit on %s (%s)%n%n| question | answer |%n"
                + "|---|---|%n| inference fits | %s |%n| fewest GPUs | %s |%n| longest sequence |"
                + " %s%,d |%n| largest batch | %s%,d |%n| training fits | %s |%n%s%n",
            f.gpu(),
            u.format(f.gpuMemoryBytes()),
            yesNo(FitText.inference(f, i, u)),
            f.gpusNeeded() == 0 ? "> 64" : Integer.toString(f.gpusNeeded()),
            with,
            more ? f.neededMaxSequenceLength() : f.maxSequenceLength(),
            with,
            more ? f.neededMaxBatchSize() : f.maxBatchSize(),
            yesNo(FitText.training(f, r.estimate(), u)),
            suggestions(u, f)));
  }

  /** The planner's row: the flags that make training fit, each with its total; or nothing. */
  private static String suggestions(RenderOptions.UnitSystem u, Fit f) {
    if (f.suggestions().isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("| to make training fit, add or change |");
    for (int k = 0; k < f.suggestions().size(); k++) {
      Suggestion s = f.suggestions().get(k);
      sb.append(k == 0 ? " " : "; or ")
          .append('`')
          .append(s.flags())
          .append("` (")
          .append(u.format(s.totalBytes()))
          .append(s.gpus() > 1 ? " per GPU of " + s.gpus() : "")
          .append(s.cpuBytes() > 0 ? ", " + u.format(s.cpuBytes()) + " of CPU memory" : "")
          .append(')');
    }
    return sb.append(" |\n").toString();
  }

  private static void inference(StringBuilder sb, RenderOptions.UnitSystem u, InferenceEstimate i) {
    sb.append(
        String.format(
            Locale.ROOT,
            "### Inference (%s weights, %s KV cache, batch %d," + " sequence %d%s)%n%n",
            i.dtype(),
            i.kvDtype(),
            i.batchSize(),
            i.sequenceLength(),
            i.tensorParallel() > 1 ? ", per GPU of " + i.tensorParallel() : ""));
    sb.append("| part | ").append(u.label()).append(" | share |\n|---|---:|---:|\n");
    part(sb, u, "Weights", i.weightsBytes(), i.totalBytes());
    part(
        sb,
        u,
        "KV cache (" + Units.binary(i.kvCacheBytesPerToken()) + " per token)",
        i.kvCacheBytes(),
        i.totalBytes());
    part(sb, u, "Activations", i.activationBytes(), i.totalBytes());
    part(sb, u, "Overhead", i.overheadBytes(), i.totalBytes());
    sb.append(
        String.format(Locale.ROOT, "| **Total** | **%.2f** | |%n%n", u.value(i.totalBytes())));
    if (i.kvCapacityTokens() >= 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              "vLLM KV cache: %,d tokens; maximum concurrency at" + " %d tokens: %.2fx.%n%n",
              i.kvCapacityTokens(),
              i.sequenceLength(),
              i.maxConcurrency()));
    }
  }

  private static void training(
      StringBuilder sb, RenderOptions.UnitSystem u, TrainingEstimate t, int tp) {
    sb.append(
        String.format(
            Locale.ROOT,
            "### Training (%s, %s, %s precision, batch %d, sequence" + " %d%s)%n%n",
            t.method(),
            t.optimizer(),
            t.precision(),
            t.batchSize(),
            t.sequenceLength(),
            Labels.trainingPerGpu(t, tp).replace(" · ", ", ")));
    sb.append("| part | ").append(u.label()).append(" | share |\n|---|---:|---:|\n");
    part(sb, u, "Weights", t.weightsBytes(), t.totalBytes());
    part(sb, u, "Gradients", t.gradientBytes(), t.totalBytes());
    part(sb, u, "Optimizer", t.optimizerBytes(), t.totalBytes());
    part(sb, u, "Activations", t.activationBytes(), t.totalBytes());
    if (t.transientBytes() > 0) {
      part(sb, u, "Transients", t.transientBytes(), t.totalBytes());
    }
    part(sb, u, "Overhead", t.overheadBytes(), t.totalBytes());
    sb.append(
        String.format(Locale.ROOT, "| **Total** | **%.2f** | |%n%n", u.value(t.totalBytes())));
  }

  private static void part(
      StringBuilder sb, RenderOptions.UnitSystem u, String name, long b, long total) {
    sb.append(
        String.format(
            Locale.ROOT, "| %s | %.2f | %s |%n", name, u.value(b), Units.percent(b, total)));
  }

  static String esc(String s) {
    return s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** "yes", "no", or "yes, with ... to spare (tight ...)". */
  private static String yesNo(String verdict) {
    return verdict.equals("fits")
        ? "yes"
        : verdict.equals("does not fit") ? "no" : "yes, " + verdict.substring("fits ".length());
  }
}
