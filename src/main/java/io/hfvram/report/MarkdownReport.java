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
                + " %d heads (%d KV, head_dim %d), context %d.%n%n",
            esc(s.architecture()),
            s.modelType(),
            Units.count(s.parameters()),
            s.parameterSource(),
            s.weightDtype(),
            s.hiddenSize(),
            s.numLayers(),
            s.numAttentionHeads(),
            s.numKeyValueHeads(),
            s.headDim(),
            s.maxContext()));
    inference(sb, u, r.estimate().inference());
    training(sb, u, r.estimate().training());
    Fit f = r.estimate().fit();
    if (f != null) {
      fit(sb, u, f);
    }
    Estimate.Comparisons c = r.estimate().comparisons();
    sb.append(
        String.format(
            Locale.ROOT,
            "Rules of thumb: parameters x bytes = %s; training 4-6x" + " = %s to %s.%n%n",
            u.format(c.ruleOfThumbInferenceBytes()),
            u.format(c.ruleOfThumbTrainingLowBytes()),
            u.format(c.ruleOfThumbTrainingHighBytes())));
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

  /** The fit table, with the planner's row when training does not fit. */
  private static void fit(StringBuilder sb, RenderOptions.UnitSystem u, Fit f) {
    sb.append(
        String.format(
            Locale.ROOT,
            "### Fit on %s (%s)%n%n| question | answer |%n"
                + "|---|---|%n| inference fits | %s |%n| fewest GPUs | %s |%n| longest sequence |"
                + " %,d |%n| largest batch | %,d |%n| training fits | %s |%n%s%n",
            f.gpu(),
            u.format(f.gpuMemoryBytes()),
            f.fits() ? "yes" : "no",
            f.gpusNeeded() == 0 ? "> 64" : Integer.toString(f.gpusNeeded()),
            f.maxSequenceLength(),
            f.maxBatchSize(),
            f.trainingFits() ? "yes" : "no",
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
            "### Inference (%s weights, %s KV cache, batch %d," + " sequence %d)%n%n",
            i.dtype(),
            i.kvDtype(),
            i.batchSize(),
            i.sequenceLength()));
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

  private static void training(StringBuilder sb, RenderOptions.UnitSystem u, TrainingEstimate t) {
    sb.append(
        String.format(
            Locale.ROOT,
            "### Training (%s, %s, %s precision, batch %d, sequence" + " %d)%n%n",
            t.method(),
            t.optimizer(),
            t.precision(),
            t.batchSize(),
            t.sequenceLength()));
    sb.append("| part | ").append(u.label()).append(" | share |\n|---|---:|---:|\n");
    part(sb, u, "Weights", t.weightsBytes(), t.totalBytes());
    part(sb, u, "Gradients", t.gradientBytes(), t.totalBytes());
    part(sb, u, "Optimizer", t.optimizerBytes(), t.totalBytes());
    part(sb, u, "Activations", t.activationBytes(), t.totalBytes());
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
}
