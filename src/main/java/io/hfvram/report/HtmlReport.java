package io.hfvram.report;

import io.hfvram.estimate.Estimate;
import io.hfvram.estimate.Explanation;
import io.hfvram.estimate.Fit;
import io.hfvram.estimate.Gpus;
import io.hfvram.estimate.InferenceEstimate;
import io.hfvram.estimate.Sweeps;
import io.hfvram.estimate.TrainingEstimate;
import io.hfvram.report.Row;
import io.hfvram.spec.ModelSpec;
import java.util.List;
import java.util.Locale;

/**
 * One self-contained HTML file (no external scripts, styles or fonts; inline SVG charts): for
 * one model, the inference and training breakdowns and memory against context per dtype with
 * the capacity lines of common GPUs; for a scan, a sortable table and the totals per model.
 */
public final class HtmlReport {
  /** GPUs drawn as capacity lines. */
  static final List<String> LINES = List.of("rtx-4090", "l40s", "h100-80gb", "h200");

  private HtmlReport() {}

  /** One model's report. */
  public static String render(Report r, List<Sweeps.Curve> curves, RenderOptions o,
      String version) {
    RenderOptions.UnitSystem u = o.units();
    ModelSpec s = r.model().spec();
    InferenceEstimate i = r.estimate().inference();
    TrainingEstimate t = r.estimate().training();
    StringBuilder sb = new StringBuilder(16_384);
    sb.append(Html.head("GPU memory: " + r.model().model()));
    sb.append("<h1>GPU memory for ").append(Html.esc(r.model().model())).append("</h1>\n");
    sb.append("<p>").append(Html.esc(String.format(Locale.ROOT, "%s (%s) · %s parameters (%s,"
        + " from %s) · %s · hidden %d · %d layers · %d heads (%d KV, head_dim %d) · context %,d",
        s.architecture(), s.modelType(), Units.count(s.parameters()),
        Units.grouped(s.parameters()), s.parameterSource(), s.weightDtype(), s.hiddenSize(),
        s.numLayers(), s.numAttentionHeads(), s.numKeyValueHeads(), s.headDim(),
        s.maxContext()))).append("</p>\n");
    Fit f = r.estimate().fit();
    if (f != null) {
      sb.append("<p>On <b>").append(Html.esc(f.gpu())).append("</b> (")
          .append(u.format(f.gpuMemoryBytes())).append("): inference ")
          .append(f.fits() ? "<span class=\"ok\">fits</span>"
              : "<span class=\"no\">does not fit</span> (needs " + (f.gpusNeeded() == 0
                  ? "more than 64" : f.gpusNeeded()) + " GPUs)")
          .append("; longest sequence at batch ").append(i.batchSize()).append(": ")
          .append(String.format(Locale.ROOT, "%,d", f.maxSequenceLength()))
          .append("; training ").append(f.trainingFits() ? "<span class=\"ok\">fits</span>"
              : "<span class=\"no\">does not fit</span>").append(".</p>\n");
    }
    sb.append("<h2>Inference: ").append(Html.esc(String.format(Locale.ROOT, "%s weights, %s KV"
        + " cache, batch %d, sequence %,d", i.dtype(), i.kvDtype(), i.batchSize(),
        i.sequenceLength()))).append("</h2>\n");
    sb.append(Html.stackedBar(new String[] {"Weights", "KV cache", "Activations", "Overhead"},
        new long[] {i.weightsBytes(), i.kvCacheBytes(), i.activationBytes(), i.overheadBytes()},
        i.totalBytes(), u));
    if (i.kvCapacityTokens() >= 0) {
      sb.append("<p>vLLM KV cache: ").append(String.format(Locale.ROOT, "%,d tokens; maximum"
          + " concurrency %.2fx", i.kvCapacityTokens(), i.maxConcurrency())).append("</p>\n");
    }
    sb.append("<h2>Training: ").append(Html.esc(String.format(Locale.ROOT, "%s, %s, %s"
        + " precision, batch %d, sequence %,d%s", t.method(), t.optimizer(), t.precision(),
        t.batchSize(), t.sequenceLength(), t.gpus() > 1 ? ", per GPU of " + t.gpus() + " (ZeRO "
            + t.zeroStage() + ")" : ""))).append("</h2>\n");
    sb.append(Html.stackedBar(new String[] {"Weights", "Gradients", "Optimizer", "Activations",
        "Overhead"}, new long[] {t.weightsBytes(), t.gradientBytes(), t.optimizerBytes(),
        t.activationBytes(), t.overheadBytes()}, t.totalBytes(), u));
    sb.append("<h2>Memory against context length (batch ").append(i.batchSize())
        .append(", inference)</h2>\n");
    sb.append(contextChart(curves, u));
    Estimate.Comparisons c = r.estimate().comparisons();
    sb.append("<h2>Rules of thumb, for comparison</h2>\n<p>parameters x bytes = ")
        .append(u.format(c.ruleOfThumbInferenceBytes())).append(" (detailed: ")
        .append(u.format(i.totalBytes())).append("); training 4-6x that = ")
        .append(u.format(c.ruleOfThumbTrainingLowBytes())).append(" to ")
        .append(u.format(c.ruleOfThumbTrainingHighBytes())).append(" (detailed: ")
        .append(u.format(t.totalBytes())).append(").</p>\n");
    sb.append("<h2>How each figure was computed</h2>\n<ul>\n");
    for (Explanation e : r.estimate().explanations()) {
      sb.append("<li><code>").append(Html.esc(e.section() + "." + e.figure()))
          .append("</code> = ").append(Html.esc(e.formula())).append("</li>\n");
    }
    sb.append("</ul>\n<h2>Assumptions</h2>\n<ul>\n");
    for (String a : r.assumptions()) {
      sb.append("<li>").append(Html.esc(a)).append("</li>\n");
    }
    sb.append("</ul>\n");
    sb.append(Html.foot("Generated by hf-vram " + version + ". Sizes in " + u.note()
        + ". Formulas and sources: docs/formulas.md in the hf-vram repository."));
    return sb.toString();
  }

  /** Lines of total memory against context, log2 x axis, with horizontal GPU capacity lines. */
  static String contextChart(List<Sweeps.Curve> curves, RenderOptions.UnitSystem u) {
    int w = 820;
    int h = 380;
    int left = 64;
    int right = 150;
    int top = 16;
    int bottom = 44;
    double max = 0;
    List<Long> xs = curves.get(0).contexts();
    for (Sweeps.Curve c : curves) {
      for (long y : c.totalBytes()) {
        if (y != Long.MAX_VALUE) {
          max = Math.max(max, y);
        }
      }
    }
    double gpuMax = 0;
    for (String id : LINES) {
      gpuMax = Math.max(gpuMax, Gpus.find(id).memoryBytes());
    }
    max = Math.min(Math.max(max, 1), Math.max(gpuMax * 1.15, 1));
    double lx0 = Math.log(xs.get(0)) / Math.log(2);
    double lx1 = Math.max(lx0 + 1, Math.log(xs.get(xs.size() - 1)) / Math.log(2));
    int pw = w - left - right;
    int ph = h - top - bottom;
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w)
        .append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w).append(' ')
        .append(h).append("\" role=\"img\">\n");
    sb.append("<rect x=\"").append(left).append("\" y=\"").append(top).append("\" width=\"")
        .append(pw).append("\" height=\"").append(ph)
        .append("\" fill=\"#fafafa\" stroke=\"#ccc\"/>\n");
    for (int k = 0; k <= 4; k++) {
      double v = max * k / 4;
      double y = top + ph - ph * k / 4.0;
      sb.append("<text x=\"").append(left - 6).append("\" y=\"").append(Html.num(y + 4))
          .append("\" text-anchor=\"end\">").append(String.format(Locale.ROOT, "%.0f",
              u.value((long) v))).append("</text>\n");
    }
    sb.append("<text x=\"14\" y=\"").append(top + ph / 2).append("\" transform=\"rotate(-90 14 ")
        .append(top + ph / 2).append(")\" text-anchor=\"middle\">").append(u.label())
        .append("</text>\n");
    for (long x : xs) {
      double px = left + pw * ((Math.log(x) / Math.log(2)) - lx0) / (lx1 - lx0);
      sb.append("<text x=\"").append(Html.num(px)).append("\" y=\"").append(top + ph + 20)
          .append("\" text-anchor=\"middle\">").append(x >= 1024 ? x / 1024 + "k" : x)
          .append("</text>\n");
    }
    sb.append("<text x=\"").append(left + pw / 2).append("\" y=\"").append(h - 6)
        .append("\" text-anchor=\"middle\">context length (tokens)</text>\n");
    for (String id : LINES) {
      Gpus.Gpu g = Gpus.find(id);
      if (g.memoryBytes() > max) {
        continue;
      }
      double y = top + ph - ph * g.memoryBytes() / max;
      sb.append("<line x1=\"").append(left).append("\" x2=\"").append(left + pw)
          .append("\" y1=\"").append(Html.num(y)).append("\" y2=\"").append(Html.num(y))
          .append("\" stroke=\"#d62728\" stroke-dasharray=\"5,4\"/>\n<text x=\"")
          .append(left + 6).append("\" y=\"").append(Html.num(y - 4))
          .append("\" fill=\"#d62728\">").append(Html.esc(g.id())).append("</text>\n");
    }
    int k = 0;
    for (Sweeps.Curve c : curves) {
      StringBuilder pts = new StringBuilder();
      for (int j = 0; j < xs.size(); j++) {
        long y = c.totalBytes().get(j);
        if (y == Long.MAX_VALUE) {
          continue;
        }
        double px = left + pw * ((Math.log(xs.get(j)) / Math.log(2)) - lx0) / (lx1 - lx0);
        double py = top + ph - ph * Math.min(y, max) / max;
        pts.append(Html.num(px)).append(',').append(Html.num(py)).append(' ');
      }
      String color = Html.PALETTE[k % Html.PALETTE.length];
      sb.append("<polyline fill=\"none\" stroke=\"").append(color)
          .append("\" stroke-width=\"2\" points=\"").append(pts.toString().trim())
          .append("\"><title>").append(c.dtype()).append("</title></polyline>\n");
      sb.append("<text x=\"").append(left + pw + 6).append("\" y=\"").append(top + 14 + 16 * k)
          .append("\" fill=\"").append(color).append("\">").append(c.dtype()).append("</text>\n");
      k++;
    }
    sb.append("</svg>\n");
    return sb.toString();
  }

  /** A scan's report: a sortable table and a chart of totals per model. */
  public static String renderScan(List<Row> rows, boolean withFit, RenderOptions o,
      String version) {
    RenderOptions.UnitSystem u = o.units();
    StringBuilder sb = new StringBuilder(32_768);
    sb.append(Html.head("GPU memory of " + rows.size() + " models"));
    sb.append("<h1>GPU memory of ").append(rows.size()).append(" models</h1>\n");
    Row first = rows.stream().filter(r -> !r.failed()).findFirst().orElse(null);
    if (first != null) {
      InferenceEstimate i = first.report().estimate().inference();
      TrainingEstimate t = first.report().estimate().training();
      Fit f = first.report().estimate().fit();
      sb.append("<p>").append(Html.esc(String.format(Locale.ROOT, "Workload: batch %d,"
          + " sequence %,d, %s KV cache; training %s with %s. %s", i.batchSize(),
          i.sequenceLength(), i.kvDtype(), t.method(), t.optimizer(), f == null ? ""
              : "Fit checked on " + f.gpu() + " (" + u.format(f.gpuMemoryBytes()) + ").")))
          .append(" Click a column to sort.</p>\n");
    }
    sb.append("<h2>Inference memory per model</h2>\n").append(totalsChart(rows, u));
    sb.append("<h2>All models</h2>\n<table id=\"scan\">\n<tr>");
    String[] cols = withFit ? new String[] {"model", "parameters", "dtype", "weights",
        "KV cache", "inference", "training", "fits", "GPUs needed", "longest sequence", "note"}
        : new String[] {"model", "parameters", "dtype", "weights", "KV cache", "inference",
            "training", "note"};
    for (int c = 0; c < cols.length; c++) {
      boolean numeric = c == 1 || (c >= 3 && c <= 6) || (withFit && (c == 8 || c == 9));
      sb.append("<th class=\"sort").append(numeric ? " n" : "").append("\" data-col=\"")
          .append(c).append("\" data-num=\"").append(numeric).append("\">")
          .append(Html.esc(cols[c])).append(c >= 3 && c <= 6 ? " (" + u.label() + ")" : "")
          .append("</th>");
    }
    sb.append("</tr>\n");
    for (Row r : rows) {
      sb.append("<tr><td>").append(Html.esc(r.input())).append("</td>");
      if (r.failed()) {
        for (int c = 1; c < cols.length - 1; c++) {
          sb.append("<td data-v=\"-1\">—</td>");
        }
        sb.append("<td class=\"no\">").append(Html.esc("error: " + r.error())).append("</td>");
      } else {
        ModelSpec s = r.report().model().spec();
        InferenceEstimate i = r.report().estimate().inference();
        TrainingEstimate t = r.report().estimate().training();
        cell(sb, s.parameters(), Units.count(s.parameters()));
        sb.append("<td>").append(i.dtype()).append("</td>");
        for (long b : new long[] {i.weightsBytes(), i.kvCacheBytes(), i.totalBytes(),
            t.totalBytes()}) {
          cell(sb, b, String.format(Locale.ROOT, "%.2f", u.value(b)));
        }
        if (withFit) {
          Fit f = r.report().estimate().fit();
          sb.append("<td class=\"").append(f.fits() ? "ok" : "no").append("\">")
              .append(f.fits() ? "yes" : "no").append("</td>");
          cell(sb, f.gpusNeeded(), f.gpusNeeded() == 0 ? "> 64" : "" + f.gpusNeeded());
          cell(sb, f.maxSequenceLength(), String.format(Locale.ROOT, "%,d",
              f.maxSequenceLength()));
        }
        sb.append("<td>").append(Html.esc(r.report().model().source().kind())).append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</table>\n");
    sb.append("<script>//<![CDATA[\n"
        + "(function(){var t=document.getElementById('scan');if(!t)return;\n"
        + "var hs=t.querySelectorAll('th.sort');var dir={};\n"
        + "hs.forEach(function(h){h.addEventListener('click',function(){\n"
        + "var c=+h.dataset.col,num=h.dataset.num==='true';dir[c]=!dir[c];\n"
        + "var rows=Array.prototype.slice.call(t.rows,1);\n"
        + "rows.sort(function(a,b){var x=a.cells[c],y=b.cells[c];\n"
        + "var p=num?parseFloat(x.dataset.v||x.textContent):x.textContent;\n"
        + "var q=num?parseFloat(y.dataset.v||y.textContent):y.textContent;\n"
        + "var r=num?(p-q):String(p).localeCompare(String(q));return dir[c]?r:-r;});\n"
        + "rows.forEach(function(r){t.appendChild(r);});});});})();\n"
        + "//]]></script>\n");
    sb.append(Html.foot("Generated by hf-vram " + version + ". Sizes in " + u.note()
        + ". Each model's breakdown: hf-vram MODEL --format html."));
    return sb.toString();
  }

  private static void cell(StringBuilder sb, long v, String text) {
    sb.append("<td class=\"n\" data-v=\"").append(v).append("\">").append(Html.esc(text))
        .append("</td>");
  }

  /** Horizontal bars of each model's inference total, with GPU capacity lines. */
  static String totalsChart(List<Row> rows, RenderOptions.UnitSystem u) {
    List<Row> ok = rows.stream().filter(r -> !r.failed()).toList();
    if (ok.isEmpty()) {
      return "<p>No model could be estimated.</p>\n";
    }
    int left = 300;
    int w = 900;
    int barH = 18;
    int top = 24;
    int h = top + ok.size() * (barH + 6) + 10;
    double max = 1;
    for (Row r : ok) {
      max = Math.max(max, r.report().estimate().inference().totalBytes());
    }
    for (String id : LINES) {
      max = Math.max(max, Math.min(Gpus.find(id).memoryBytes(), max * 1.0));
    }
    int pw = w - left - 100;
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w)
        .append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w).append(' ')
        .append(h).append("\" role=\"img\">\n");
    int y = top;
    for (Row r : ok) {
      long total = r.report().estimate().inference().totalBytes();
      Fit f = r.report().estimate().fit();
      String color = f == null ? Html.PALETTE[0] : f.fits() ? "#2ca02c" : "#d62728";
      String label = r.input().length() > 44 ? r.input().substring(0, 43) + "…" : r.input();
      sb.append("<text x=\"").append(left - 6).append("\" y=\"").append(y + 13)
          .append("\" text-anchor=\"end\">").append(Html.esc(label)).append("</text>");
      sb.append("<rect x=\"").append(left).append("\" y=\"").append(y).append("\" width=\"")
          .append(Html.num(pw * total / max)).append("\" height=\"").append(barH)
          .append("\" fill=\"").append(color).append("\"><title>").append(Html.esc(r.input()
              + ": " + u.format(total))).append("</title></rect>");
      sb.append("<text x=\"").append(Html.num(left + pw * total / max + 4)).append("\" y=\"")
          .append(y + 13).append("\">").append(u.format(total)).append("</text>\n");
      y += barH + 6;
    }
    for (String id : LINES) {
      Gpus.Gpu g = Gpus.find(id);
      if (g.memoryBytes() > max) {
        continue;
      }
      double x = left + pw * g.memoryBytes() / max;
      sb.append("<line x1=\"").append(Html.num(x)).append("\" x2=\"").append(Html.num(x))
          .append("\" y1=\"").append(top - 6).append("\" y2=\"").append(h - 4)
          .append("\" stroke=\"#555\" stroke-dasharray=\"4,4\"/><text x=\"")
          .append(Html.num(x + 3)).append("\" y=\"").append(top - 10).append("\">")
          .append(Html.esc(g.id())).append("</text>\n");
    }
    sb.append("</svg>\n<p class=\"muted\">Green: fits the chosen GPU; red: does not; dashed"
        + " lines: the memory of common GPUs.</p>\n");
    return sb.toString();
  }
}
