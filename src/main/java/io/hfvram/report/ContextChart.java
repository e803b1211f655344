package io.hfvram.report;

import io.hfvram.estimate.Gpus;
import io.hfvram.estimate.Sweeps;
import java.util.ArrayList;
import java.util.List;

/**
 * One model's chart of total inference memory against context length: one line per dtype on a log2
 * x axis, a y axis scaled to the data (and the chosen GPU) with round ticks, and dashed capacity
 * lines of common GPUs, the chosen one solid.
 */
final class ContextChart {
  static final int W = 820;
  static final int H = 380;
  private static final int LEFT = 64;
  private static final int RIGHT = 150;
  private static final int TOP = 16;
  private static final int BOTTOM = 44;
  private static final int PW = W - LEFT - RIGHT;
  private static final int PH = H - TOP - BOTTOM;

  private ContextChart() {}

  /** A capacity line: its label, memory in bytes, and whether it is the chosen GPU. */
  record Line(String label, long bytes, boolean chosen) {}

  /** The capacity lines: the common GPUs, and the chosen one (null for none) if not among them. */
  static List<Line> lines(String chosen, long chosenBytes) {
    List<Line> out = new ArrayList<>();
    boolean found = false;
    for (String id : Html.LINES) {
      boolean is = id.equals(chosen) && Gpus.find(id).memoryBytes() == chosenBytes;
      found |= is;
      out.add(new Line(id, Gpus.find(id).memoryBytes(), is));
    }
    if (chosen != null && !found) {
      out.add(new Line(chosen, chosenBytes, true));
    }
    out.sort((a, b) -> Long.compare(a.bytes(), b.bytes()));
    return out;
  }

  static String render(List<Sweeps.Curve> curves, RenderOptions.UnitSystem u, List<Line> lines) {
    List<Long> xs = curves.get(0).contexts();
    Axis y = axis(curves, u, lines);
    double lx0 = log2(xs.get(0));
    double lx1 = Math.max(lx0 + 1, log2(xs.get(xs.size() - 1)));
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(W)
        .append("\" height=\"")
        .append(H)
        .append("\" viewBox=\"0 0 ")
        .append(W)
        .append(' ')
        .append(H)
        .append("\" role=\"img\">\n");
    sb.append("<rect x=\"")
        .append(LEFT)
        .append("\" y=\"")
        .append(TOP)
        .append("\" width=\"")
        .append(PW)
        .append("\" height=\"")
        .append(PH)
        .append("\" fill=\"#fafafa\" stroke=\"#ccc\"/>\n");
    yAxis(sb, y, u);
    xAxis(sb, xs, lx0, lx1);
    gpuLines(sb, y, u, lines);
    curves(sb, y, u, xs, lx0, lx1, curves);
    sb.append(
        "</svg>\n<p class=\"muted\">Dashed lines: the memory of common GPUs; solid: the"
            + " chosen GPU. Each line is one weight dtype.</p>\n");
    return sb.toString();
  }

  /**
   * Linear up to the data and the chosen GPU; logarithmic when the common GPUs' lines would be
   * squashed at the bottom by a model far larger than them.
   */
  private static Axis axis(
      List<Sweeps.Curve> curves, RenderOptions.UnitSystem u, List<Line> lines) {
    List<Double> values = new ArrayList<>();
    for (Sweeps.Curve c : curves) {
      for (long y : c.totalBytes()) {
        if (y != Long.MAX_VALUE) {
          values.add(u.value(y));
        }
      }
    }
    for (Line l : lines) {
      values.add(u.value(l.bytes()));
    }
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    return max / Math.max(1e-9, u.value(lines.get(0).bytes())) > Axis.LOG_RATIO
        ? Axis.fit(values.stream().mapToDouble(Double::doubleValue).toArray())
        : Axis.linear(Math.max(max(curves, u), chosenMax(lines, u)));
  }

  /** The context lengths, thinned so that labels do not touch, and the axis title. */
  private static void xAxis(StringBuilder sb, List<Long> xs, double lx0, double lx1) {
    double last = Double.NEGATIVE_INFINITY;
    for (long x : xs) {
      double px = px(x, lx0, lx1);
      if (px - last < 34) {
        continue;
      }
      // The first label starts at the axis, clear of the y axis' "0".
      String anchor = last == Double.NEGATIVE_INFINITY ? "start" : "middle";
      last = px;
      sb.append("<text x=\"")
          .append(Html.num(px))
          .append("\" y=\"")
          .append(TOP + PH + 16)
          .append("\" text-anchor=\"")
          .append(anchor)
          .append("\">")
          .append(x >= 1024 ? x / 1024 + "k" : x)
          .append("</text>\n");
    }
    sb.append("<text x=\"")
        .append(LEFT + PW / 2)
        .append("\" y=\"")
        .append(H - 6)
        .append("\" text-anchor=\"middle\">context length (tokens)</text>\n");
  }

  private static double max(List<Sweeps.Curve> curves, RenderOptions.UnitSystem u) {
    double max = 0;
    for (Sweeps.Curve c : curves) {
      for (long y : c.totalBytes()) {
        if (y != Long.MAX_VALUE) {
          max = Math.max(max, u.value(y));
        }
      }
    }
    return max;
  }

  private static double chosenMax(List<Line> lines, RenderOptions.UnitSystem u) {
    double max = 0;
    for (Line l : lines) {
      if (l.chosen()) {
        max = Math.max(max, u.value(l.bytes()));
      }
    }
    return max;
  }

  private static double log2(long x) {
    return Math.log(x) / Math.log(2);
  }

  private static double px(long x, double lx0, double lx1) {
    return LEFT + PW * (log2(x) - lx0) / (lx1 - lx0);
  }

  private static double py(Axis a, double v) {
    return TOP + PH - PH * a.frac(v);
  }

  /** Round ticks with grid lines, and the unit. */
  private static void yAxis(StringBuilder sb, Axis a, RenderOptions.UnitSystem u) {
    for (double t : a.ticks()) {
      double y = py(a, t);
      sb.append("<line x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(LEFT + PW)
          .append("\" y1=\"")
          .append(Html.num(y))
          .append("\" y2=\"")
          .append(Html.num(y))
          .append("\" stroke=\"#e4e4e4\"/><text x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(Html.num(y + 4))
          .append("\" text-anchor=\"end\">")
          .append(Axis.label(t))
          .append("</text>\n");
    }
    sb.append("<text x=\"14\" y=\"")
        .append(TOP + PH / 2)
        .append("\" transform=\"rotate(-90 14 ")
        .append(TOP + PH / 2)
        .append(")\" text-anchor=\"middle\">")
        .append(u.label())
        .append(a.log() ? " (log scale)" : "")
        .append("</text>\n");
  }

  /** The capacity lines within the axis, labels moved apart so that none overlaps another. */
  private static void gpuLines(
      StringBuilder sb, Axis a, RenderOptions.UnitSystem u, List<Line> lines) {
    List<Line> shown = lines.stream().filter(l -> u.value(l.bytes()) <= a.hi()).toList();
    double[] want = new double[shown.size()];
    for (int k = 0; k < want.length; k++) {
      want[k] = py(a, u.value(shown.get(k).bytes())) - 4;
    }
    double[] at = Axis.spread(want, 16, TOP + 12, TOP + PH - 4);
    for (int k = 0; k < want.length; k++) {
      Line l = shown.get(k);
      double y = want[k] + 4;
      String color = l.chosen() ? "#b42318" : "#d62728";
      sb.append("<line x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(LEFT + PW)
          .append("\" y1=\"")
          .append(Html.num(y))
          .append("\" y2=\"")
          .append(Html.num(y))
          .append("\" stroke=\"")
          .append(color)
          .append('"')
          .append(l.chosen() ? " stroke-width=\"2\"" : " stroke-dasharray=\"5,4\"")
          .append("/>\n<text x=\"")
          .append(LEFT + 6)
          .append("\" y=\"")
          .append(Html.num(at[k]))
          .append('"')
          .append(Html.HALO)
          .append(" fill=\"")
          .append(color)
          .append('"')
          .append(l.chosen() ? " font-weight=\"bold\"" : "")
          .append('>')
          .append(Html.esc(l.label() + (l.chosen() ? " (chosen)" : "")))
          .append("</text>\n");
    }
  }

  /** One polyline per dtype, skipping totals that overflowed, labelled at its right end. */
  private static void curves(
      StringBuilder sb,
      Axis a,
      RenderOptions.UnitSystem u,
      List<Long> xs,
      double lx0,
      double lx1,
      List<Sweeps.Curve> curves) {
    double[] want = new double[curves.size()];
    List<String> polylines = new ArrayList<>();
    for (int k = 0; k < curves.size(); k++) {
      Sweeps.Curve c = curves.get(k);
      StringBuilder pts = new StringBuilder();
      want[k] = TOP + PH;
      for (int j = 0; j < xs.size(); j++) {
        long y = c.totalBytes().get(j);
        if (y == Long.MAX_VALUE) {
          continue;
        }
        double py = py(a, u.value(y));
        want[k] = py + 4;
        pts.append(Html.num(px(xs.get(j), lx0, lx1))).append(',').append(Html.num(py)).append(' ');
      }
      polylines.add(pts.toString().trim());
    }
    double[] at = Axis.spread(want, 16, TOP + 10, TOP + PH + 4);
    for (int k = 0; k < curves.size(); k++) {
      Sweeps.Curve c = curves.get(k);
      String color = Html.PALETTE[k % Html.PALETTE.length];
      sb.append("<polyline fill=\"none\" stroke=\"")
          .append(color)
          .append("\" stroke-width=\"2\" points=\"")
          .append(polylines.get(k))
          .append("\"><title>")
          .append(c.dtype())
          .append("</title></polyline>\n");
      sb.append("<text x=\"")
          .append(LEFT + PW + 6)
          .append("\" y=\"")
          .append(Html.num(at[k]))
          .append("\" fill=\"")
          .append(color)
          .append("\">")
          .append(c.dtype())
          .append("</text>\n");
    }
  }
}
