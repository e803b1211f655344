package io.hfvram.report;

import io.hfvram.estimate.Engine;
import io.hfvram.estimate.Fit;
import io.hfvram.estimate.Gpus;
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
    sb.append("<h2>Inference memory per model</h2>\n").append(totalsChart(bars, u));
    if (omitted > 0) {
      sb.append("<p class=\"muted\">The chart shows the first ")
          .append(bars.size())
          .append(" models estimated; ")
          .append(omitted)
          .append(" more are in the table.</p>\n");
    }
    sb.append("<h2>All models</h2>\n<table id=\"scan\">\n<tr>");
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
    return "</table>\n"
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
      }
      sb.append("<td>").append(Html.esc(r.report().model().source().kind())).append("</td>");
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

  /** Horizontal bars of each model's inference total, with GPU capacity lines. */
  static String totalsChart(List<Bar> ok, RenderOptions.UnitSystem u) {
    if (ok.isEmpty()) {
      return "<p>No model could be estimated.</p>\n";
    }
    int left = 300;
    int w = 900;
    int barH = 18;
    int top = 24;
    int h = top + ok.size() * (barH + 6) + 10;
    double max = 1;
    for (Bar r : ok) {
      max = Math.max(max, r.total());
    }
    for (String id : Html.LINES) {
      max = Math.max(max, Math.min(Gpus.find(id).memoryBytes(), max * 1.0));
    }
    int pw = w - left - 100;
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(w)
        .append("\" height=\"")
        .append(h)
        .append("\" viewBox=\"0 0 ")
        .append(w)
        .append(' ')
        .append(h)
        .append("\" role=\"img\">\n");
    int y = top;
    for (Bar r : ok) {
      bar(sb, r, y, left, pw, max, barH, u);
      y += barH + 6;
    }
    gpuLines(sb, left, pw, max, top, h);
    sb.append(
        "</svg>\n<p class=\"muted\">Green: fits the chosen GPU; red: does not; dashed"
            + " lines: the memory of common GPUs.</p>\n");
    return sb.toString();
  }

  /** One model's bar, its label on the left and its total on the right. */
  private static void bar(
      StringBuilder sb,
      Bar r,
      int y,
      int left,
      int pw,
      double max,
      int barH,
      RenderOptions.UnitSystem u) {
    long total = r.total();
    Fit f = r.fit();
    String color = f == null ? Html.PALETTE[0] : f.fits() ? "#2ca02c" : "#d62728";
    String label = r.input().length() > 44 ? r.input().substring(0, 43) + "…" : r.input();
    sb.append("<text x=\"")
        .append(left - 6)
        .append("\" y=\"")
        .append(y + 13)
        .append("\" text-anchor=\"end\">")
        .append(Html.esc(label))
        .append("</text>");
    sb.append("<rect x=\"")
        .append(left)
        .append("\" y=\"")
        .append(y)
        .append("\" width=\"")
        .append(Html.num(pw * total / max))
        .append("\" height=\"")
        .append(barH)
        .append("\" fill=\"")
        .append(color)
        .append("\"><title>")
        .append(Html.esc(r.input() + ": " + u.format(total)))
        .append("</title></rect>");
    sb.append("<text x=\"")
        .append(Html.num(left + pw * total / max + 4))
        .append("\" y=\"")
        .append(y + 13)
        .append("\">")
        .append(u.format(total))
        .append("</text>\n");
  }

  /** The dashed capacity lines of the common GPUs that fit the axis. */
  private static void gpuLines(StringBuilder sb, int left, int pw, double max, int top, int h) {
    for (String id : Html.LINES) {
      Gpus.Gpu g = Gpus.find(id);
      if (g.memoryBytes() > max) {
        continue;
      }
      double x = left + pw * g.memoryBytes() / max;
      sb.append("<line x1=\"")
          .append(Html.num(x))
          .append("\" x2=\"")
          .append(Html.num(x))
          .append("\" y1=\"")
          .append(top - 6)
          .append("\" y2=\"")
          .append(h - 4)
          .append("\" stroke=\"#555\" stroke-dasharray=\"4,4\"/><text x=\"")
          .append(Html.num(x + 3))
          .append("\" y=\"")
          .append(top - 10)
          .append("\">")
          .append(Html.esc(g.id()))
          .append("</text>\n");
    }
  }
}
