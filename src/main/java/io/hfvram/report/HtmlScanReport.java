package io.hfvram.report;

import io.hfvram.estimate.Engine;
import io.hfvram.estimate.Fit;
import io.hfvram.estimate.InferenceEstimate;
import io.hfvram.estimate.TrainingEstimate;
import io.hfvram.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A scan's self-contained HTML file: the workload, a chart of each model's inference total against
 * the capacity of common GPUs, and a table sortable by any column (inline script).
 */
final class HtmlScanReport {
  /** Sorts the table by the clicked column, numerically where the column is numeric. */
  private static final String SORT_SCRIPT =
      "<script>//<![CDATA[\n"
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
          + "//]]></script>\n";

  private HtmlScanReport() {}

  /** The page for these rows; the fit columns appear when the context's workload has a GPU. */
  static String render(List<Row> rows, RenderContext c) {
    ScanPage page = new ScanPage(c);
    for (Row r : rows) {
      page.row(r);
    }
    return page.end();
  }

  /** A chart's bar: the model, its inference total and its fit (null without a GPU). */
  record Bar(String input, long total, Fit fit) {
    static Bar of(Row r) {
      return new Bar(
          r.input(), r.report().estimate().inference().totalBytes(), r.report().estimate().fit());
    }
  }

  /** The table's columns. */
  static String[] columns(boolean withFit) {
    return withFit
        ? new String[] {
          "model",
          "parameters",
          "dtype",
          "weights",
          "KV cache",
          "inference",
          "training",
          "fits",
          "GPUs needed",
          "longest sequence",
          "training fits",
          "note"
        }
        : new String[] {
          "model", "parameters", "dtype", "weights", "KV cache", "inference", "training", "note"
        };
  }

  /** The table's columns, with vLLM's KV tokens and concurrency before the note when asked. */
  static String[] columns(boolean withFit, boolean vllm) {
    String[] base = columns(withFit);
    if (!vllm) {
      return base;
    }
    List<String> c = new ArrayList<>(List.of(base));
    c.addAll(c.size() - 1, List.of("KV tokens", "max concurrency"));
    return c.toArray(new String[0]);
  }

  private static boolean vllm(RenderContext c) {
    return c.workload().serving().engine() == Engine.VLLM;
  }

  /**
   * Everything before the table's rows: the title, the workload (from the first report, null when
   * every row failed), the chart of these bars ({@code omitted} more left out) and the table's
   * header.
   */
  static String top(long rows, Report first, List<Bar> bars, long omitted, RenderContext c) {
    boolean withFit = c.withFit();
    RenderOptions.UnitSystem u = c.options().units();
    StringBuilder sb = new StringBuilder(8_192);
    sb.append(Html.head("GPU memory of " + rows + " models"));
    sb.append("<h1>GPU memory of ").append(rows).append(" models</h1>\n");
    if (first != null) {
      workload(sb, u, first);
    }
    sb.append("<h2>Inference memory per model</h2>\n").append(TotalsChart.render(bars, u));
    if (omitted > 0) {
      sb.append("<p class=\"muted\">The chart shows the first ")
          .append(bars.size())
          .append(" models estimated; ")
          .append(omitted)
          .append(" more are in the table.</p>\n");
    }
    sb.append("<h2>All models</h2>\n<div class=\"wide\">\n<table id=\"scan\">\n<tr>");
    String[] cols = columns(withFit, vllm(c));
    for (int k = 0; k < cols.length; k++) {
      boolean numeric =
          k == 1
              || (k >= 3 && k <= 6)
              || (withFit && (k == 8 || k == 9))
              || (vllm(c) && k >= cols.length - 3 && k < cols.length - 1);
      sb.append("<th class=\"sort")
          .append(numeric ? " n" : "")
          .append("\" data-col=\"")
          .append(k)
          .append("\" data-num=\"")
          .append(numeric)
          .append("\">")
          .append(Html.esc(cols[k]))
          .append(k >= 3 && k <= 6 ? " (" + u.label() + ")" : "")
          .append("</th>");
    }
    return sb.append("</tr>\n").toString();
  }

  /** Everything after the table's rows. */
  static String bottom(RenderContext c) {
    return "</table>\n</div>\n"
        + SORT_SCRIPT
        + Html.foot(
            "Generated by hf-vram "
                + c.version()
                + ". Sizes in "
                + c.options().units().note()
                + ". Each model's breakdown: hf-vram MODEL --format html.");
  }

  /** One row of the table. */
  static String row(Row r, RenderContext c) {
    StringBuilder sb = new StringBuilder(512);
    row(sb, c.options().units(), r, columns(c.withFit(), vllm(c)).length, c.withFit());
    if (vllm(c) && !r.failed()) {
      // vLLM's two cells go before the note, the row's last cell.
      InferenceEstimate i = r.report().estimate().inference();
      int cut = sb.lastIndexOf("<td>");
      StringBuilder extra = new StringBuilder();
      cell(extra, i.kvCapacityTokens(), ScanTable.kvTokens(i));
      cell(extra, Math.round(i.maxConcurrency() * 100), ScanTable.concurrency(i));
      sb.insert(cut, extra);
    }
    return sb.toString();
  }

  /** The workload, read from the first report (every row shares it). */
  private static void workload(StringBuilder sb, RenderOptions.UnitSystem u, Report r) {
    InferenceEstimate i = r.estimate().inference();
    TrainingEstimate t = r.estimate().training();
    Fit f = r.estimate().fit();
    sb.append("<p>")
        .append(
            Html.esc(
                String.format(
                    Locale.ROOT,
                    "Workload: batch %d," + " sequence %,d, %s KV cache; training %s with %s. %s",
                    i.batchSize(),
                    i.sequenceLength(),
                    i.kvDtype(),
                    t.method(),
                    t.optimizer(),
                    f == null
                        ? ""
                        : "Fit checked on "
                            + f.gpu()
                            + " ("
                            + u.format(f.gpuMemoryBytes())
                            + ").")))
        .append(" Click a column to sort.</p>\n");
  }

  private static void row(
      StringBuilder sb, RenderOptions.UnitSystem u, Row r, int columns, boolean withFit) {
    sb.append("<tr><td>").append(Html.esc(r.input())).append("</td>");
    if (r.failed()) {
      for (int c = 1; c < columns - 1; c++) {
        sb.append("<td data-v=\"-1\">—</td>");
      }
      sb.append("<td class=\"no\">").append(Html.esc("error: " + r.error())).append("</td>");
    } else {
      ModelSpec s = r.report().model().spec();
      InferenceEstimate i = r.report().estimate().inference();
      TrainingEstimate t = r.report().estimate().training();
      cell(sb, s.parameters(), Units.count(s.parameters()));
      sb.append("<td>").append(i.dtype()).append("</td>");
      for (long b :
          new long[] {i.weightsBytes(), i.kvCacheBytes(), i.totalBytes(), t.totalBytes()}) {
        cell(sb, b, String.format(Locale.ROOT, "%.2f", u.value(b)));
      }
      if (withFit) {
        Fit f = r.report().estimate().fit();
        sb.append("<td class=\"")
            .append(f.fits() ? "ok" : "no")
            .append("\">")
            .append(f.fits() ? "yes" : "no")
            .append("</td>");
        cell(sb, f.gpusNeeded(), f.gpusNeeded() == 0 ? "> 64" : "" + f.gpusNeeded());
        cell(sb, f.maxSequenceLength(), String.format(Locale.ROOT, "%,d", f.maxSequenceLength()));
        sb.append("<td class=\"")
            .append(f.trainingFits() ? "ok" : "no")
            .append("\">")
            .append(Html.esc(f.trainingFits() ? "yes" : ScanLines.trainingFitText(f)))
            .append("</td>");
      }
      sb.append("<td>").append(Html.esc(ScanLines.sourceText(r))).append("</td>");
    }
    sb.append("</tr>\n");
  }

  private static void cell(StringBuilder sb, long v, String text) {
    sb.append("<td class=\"n\" data-v=\"")
        .append(v)
        .append("\">")
        .append(Html.esc(text))
        .append("</td>");
  }
}
