package io.hfvram.report;

import io.hfvram.estimate.Fit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A scan's chart: one horizontal bar per model's inference total, on a linear axis, or a labelled
 * log axis when one model would squash the rest; the capacity lines of common GPUs and of the
 * chosen one, their labels stacked in rows so that none overlaps another.
 */
final class TotalsChart {
  static final int W = 900;
  private static final int LEFT = 300;
  private static final int PW = W - LEFT - 100;
  private static final int BAR = 18;
  private static final int ROW = 14;

  /** Estimated width of one character of the 12 px labels, generous for wide fonts. */
  private static final double CHAR = 7.2;

  private TotalsChart() {}

  static String render(List<HtmlScanReport.Bar> ok, RenderOptions.UnitSystem u) {
    if (ok.isEmpty()) {
      return "<p>No model could be estimated.</p>\n";
    }
    Fit chosen = ok.get(0).fit();
    List<ContextChart.Line> lines =
        chosen == null
            ? ContextChart.lines(null, 0)
            : ContextChart.lines(chosen.gpu(), chosen.gpuMemoryBytes());
    Axis a = Axis.fit(values(ok, lines, u));
    int[] level = levels(lines, a, u);
    int rowsOfLabels = 1;
    for (int l : level) {
      rowsOfLabels = Math.max(rowsOfLabels, l + 1);
    }
    int top = 10 + ROW * rowsOfLabels;
    int bottom = top + ok.size() * (BAR + 6);
    int h = bottom + 40;
    int w = W;
    for (ContextChart.Line l : lines) {
      w = (int) Math.max(w, Math.ceil(span(l, a, u)[1] + 4));
    }
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
    ticks(sb, a, u, top, bottom);
    bars(sb, a, u, ok, top);
    gpuLines(sb, a, u, lines, level, top, bottom);
    sb.append(
        "</svg>\n<p class=\"muted\">Green: fits the chosen GPU; red: does not; dashed"
            + " lines: the memory of common GPUs; solid line: the chosen GPU."
            + (a.log() ? " Logarithmic axis: each step to the right multiplies the memory." : "")
            + "</p>\n");
    return sb.toString();
  }

  /** One bar per model with its name on the left and its total on the right. */
  private static void bars(
      StringBuilder sb, Axis a, RenderOptions.UnitSystem u, List<HtmlScanReport.Bar> ok, int top) {
    int y = top;
    for (HtmlScanReport.Bar r : ok) {
      long total = r.total();
      Fit f = r.fit();
      String color = f == null ? Html.PALETTE[0] : f.fits() ? "#2ca02c" : "#d62728";
      String label = r.input().length() > 40 ? r.input().substring(0, 39) + "…" : r.input();
      double width = PW * a.frac(u.value(total));
      sb.append("<text x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(y + 13)
          .append("\" text-anchor=\"end\">")
          .append(Html.esc(label))
          .append("</text>");
      sb.append("<rect x=\"")
          .append(LEFT)
          .append("\" y=\"")
          .append(y)
          .append("\" width=\"")
          .append(Html.num(width))
          .append("\" height=\"")
          .append(BAR)
          .append("\" fill=\"")
          .append(color)
          .append("\"><title>")
          .append(Html.esc(r.input() + ": " + u.format(total)))
          .append("</title></rect>");
      sb.append("<text x=\"")
          .append(Html.num(LEFT + width + 4))
          .append("\" y=\"")
          .append(y + 13)
          .append('"')
          .append(Html.HALO)
          .append('>')
          .append(u.format(total))
          .append("</text>\n");
      y += BAR + 6;
    }
  }

  /** The models' totals and the GPUs' memory, in display units. */
  private static double[] values(
      List<HtmlScanReport.Bar> ok, List<ContextChart.Line> lines, RenderOptions.UnitSystem u) {
    double[] values = new double[ok.size() + lines.size()];
    for (int k = 0; k < ok.size(); k++) {
      values[k] = u.value(ok.get(k).total());
    }
    for (int k = 0; k < lines.size(); k++) {
      values[ok.size() + k] = u.value(lines.get(k).bytes());
    }
    return values;
  }

  private static double x(Axis a, double v) {
    return LEFT + PW * a.frac(v);
  }

  /** The estimated width of a label in px. */
  static double width(String text) {
    return text.length() * CHAR + 4;
  }

  private static String label(ContextChart.Line l) {
    return l.label() + (l.chosen() ? " (chosen)" : "");
  }

  /**
   * A row for each line's label, always right of its line: placed right to left, each in the lowest
   * row that clears the labels already in it and lies above every line it spans (whose dashes then
   * start below it).
   */
  static int[] levels(List<ContextChart.Line> lines, Axis a, RenderOptions.UnitSystem u) {
    int n = lines.size();
    int[] level = new int[n];
    double[][] spans = new double[n][];
    Integer[] order = new Integer[n];
    for (int k = 0; k < n; k++) {
      spans[k] = span(lines.get(k), a, u);
      order[k] = k;
    }
    Arrays.sort(order, (p, q) -> Double.compare(spans[q][0], spans[p][0]));
    List<Integer> placed = new ArrayList<>();
    for (int k : order) {
      int row = 0;
      for (int j : placed) {
        double xj = spans[j][0] - 3;
        if (xj > spans[k][0] - 3 && xj < spans[k][1] + 3) {
          row = Math.max(row, level[j] + 1);
        }
      }
      boolean clash = true;
      while (clash) {
        clash = false;
        for (int j : placed) {
          if (level[j] == row && spans[j][0] < spans[k][1] + 6 && spans[k][0] < spans[j][1] + 6) {
            clash = true;
          }
        }
        if (clash) {
          row++;
        }
      }
      level[k] = row;
      placed.add(k);
    }
    return level;
  }

  /** The left and right ends of a line's label, which starts just right of the line. */
  private static double[] span(ContextChart.Line l, Axis a, RenderOptions.UnitSystem u) {
    double x = x(a, u.value(l.bytes()));
    return new double[] {x + 3, x + 3 + width(label(l))};
  }

  private static void gpuLines(
      StringBuilder sb,
      Axis a,
      RenderOptions.UnitSystem u,
      List<ContextChart.Line> lines,
      int[] level,
      int top,
      int bottom) {
    for (int k = 0; k < lines.size(); k++) {
      ContextChart.Line l = lines.get(k);
      double x = x(a, u.value(l.bytes()));
      int ty = top - 6 - ROW * level[k];
      String color = l.chosen() ? "#b42318" : "#555";
      sb.append("<line x1=\"")
          .append(Html.num(x))
          .append("\" x2=\"")
          .append(Html.num(x))
          .append("\" y1=\"")
          .append(ty + 2)
          .append("\" y2=\"")
          .append(bottom + 2)
          .append("\" stroke=\"")
          .append(color)
          .append('"')
          .append(l.chosen() ? " stroke-width=\"2\"" : " stroke-dasharray=\"4,4\"")
          .append("/><text x=\"")
          .append(Html.num(x + 3))
          .append("\" y=\"")
          .append(ty)
          .append('"')
          .append(Html.HALO)
          .append(" fill=\"")
          .append(color)
          .append('"')
          .append(l.chosen() ? " font-weight=\"bold\"" : "")
          .append('>')
          .append(Html.esc(label(l)))
          .append("</text>\n");
    }
  }

  /** The x axis' round ticks below the bars, thinned so that labels do not touch, and its title. */
  private static void ticks(
      StringBuilder sb, Axis a, RenderOptions.UnitSystem u, int top, int bottom) {
    double last = Double.NEGATIVE_INFINITY;
    for (double t : a.ticks()) {
      double x = x(a, t);
      String text = Axis.label(t);
      if (x - width(text) / 2 < last + 4) {
        continue;
      }
      last = x + width(text) / 2;
      sb.append("<line x1=\"")
          .append(Html.num(x))
          .append("\" x2=\"")
          .append(Html.num(x))
          .append("\" y1=\"")
          .append(top)
          .append("\" y2=\"")
          .append(bottom)
          .append("\" stroke=\"#eee\"/><text x=\"")
          .append(Html.num(x))
          .append("\" y=\"")
          .append(bottom + 16)
          .append("\" text-anchor=\"middle\">")
          .append(text)
          .append("</text>\n");
    }
    sb.append("<text x=\"")
        .append(LEFT + PW / 2)
        .append("\" y=\"")
        .append(bottom + 34)
        .append("\" text-anchor=\"middle\">inference memory (")
        .append(u.label())
        .append(a.log() ? ", log scale" : "")
        .append(")</text>\n");
  }
}
