package io.hfvram.report;

import io.hfvram.core.Printable;
import java.util.List;
import java.util.Locale;

/** Small helpers for well-formed, self-contained HTML (XHTML syntax) and inline SVG. */
final class Html {
  /** GPUs drawn as capacity lines. */
  static final List<String> LINES = List.of("rtx-4090", "l40s", "h100-80gb", "h200");

  /** Attributes that draw a white outline under SVG text, so that lines crossing it stay behind. */
  static final String HALO = " stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"";

  static final String[] PALETTE = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#7f7f7f", "#9467bd", "#d62728"
  };

  static final String STYLE =
      "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;"
          + "margin:2em auto;max-width:1100px;color:#222;padding:0 1em}"
          + "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}"
          + "table{border-collapse:collapse;margin:.6em 0}"
          + "td,th{border:1px solid #ccc;padding:.3em .45em;text-align:left;overflow-wrap:break-word}"
          + "#scan{font-size:.82em}"
          + ".wide{overflow-x:auto;max-width:100%}svg{max-width:100%;height:auto}"
          + "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
          + "th{background:#f3f3f3}th.sort{cursor:pointer}th.sort:hover{background:#e6e6e6}"
          + ".key{display:inline-block;width:.9em;height:.9em;margin-right:.4em;vertical-align:middle}"
          + ".ok{color:#1a7f37;font-weight:600}.no{color:#b42318;font-weight:600}"
          + ".warn{color:#9a6700;font-weight:600}"
          + ".muted{color:#666;font-size:.9em}svg text{font-family:inherit;font-size:12px}";

  private Html() {}

  /**
   * Text escaped for element content and attribute values; control characters made visible ({@link
   * Printable#text}).
   */
  static String esc(String text) {
    String s = Printable.text(text);
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&':
          sb.append("&amp;");
          break;
        case '<':
          sb.append("&lt;");
          break;
        case '>':
          sb.append("&gt;");
          break;
        case '"':
          sb.append("&quot;");
          break;
        case '\'':
          sb.append("&#39;");
          break;
        default:
          if (c < 0x20 && c != '\n' && c != '\t') {
            sb.append(' ');
          } else {
            sb.append(c);
          }
      }
    }
    return sb.toString();
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String head(String title) {
    return "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
        + "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width,"
        + " initial-scale=1\"/>\n<title>"
        + esc(title)
        + "</title>\n<style>"
        + STYLE
        + "</style>\n</head>\n<body>\n";
  }

  static String foot(String note) {
    return "<p class=\"muted\">" + esc(note) + "</p>\n</body>\n</html>\n";
  }

  /** A horizontal stacked bar of parts, each in its {@link Part}'s colour, with a legend table. */
  static String stackedBar(Part[] names, long[] parts, long total, RenderOptions.UnitSystem u) {
    int w = 800;
    int h = 34;
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(w)
        .append("\" height=\"")
        .append(h)
        .append("\" viewBox=\"0 0 ")
        .append(w)
        .append(' ')
        .append(h)
        .append("\" role=\"img\">");
    double x = 0;
    for (int k = 0; k < parts.length; k++) {
      double width = total == 0 ? 0 : parts[k] * (double) w / total;
      sb.append("<rect x=\"")
          .append(num(x))
          .append("\" y=\"2\" width=\"")
          .append(num(width))
          .append("\" height=\"30\" fill=\"")
          .append(names[k].hex())
          .append("\"><title>")
          .append(esc(names[k].label() + ": " + u.format(parts[k])))
          .append("</title></rect>");
      x += width;
    }
    sb.append("</svg>\n<table><tr><th>part</th><th class=\"n\">")
        .append(u.label())
        .append("</th><th class=\"n\">share</th></tr>\n");
    for (int k = 0; k < parts.length; k++) {
      sb.append("<tr><td><span class=\"key\" style=\"background:")
          .append(names[k].hex())
          .append("\"></span>")
          .append(esc(names[k].label()))
          .append("</td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%.2f", u.value(parts[k])))
          .append("</td><td class=\"n\">")
          .append(Units.percent(parts[k], total))
          .append("</td></tr>\n");
    }
    sb.append("<tr><th>Total</th><th class=\"n\">")
        .append(String.format(Locale.ROOT, "%.2f", u.value(total)))
        .append("</th><th></th></tr>\n</table>\n");
    return sb.toString();
  }
}
