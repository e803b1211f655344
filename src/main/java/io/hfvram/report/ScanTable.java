package io.hfvram.report;

import io.hfvram.core.Numbers;
import io.hfvram.core.Printable;
import io.hfvram.estimate.InferenceEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The scan's text table, laid out for the terminal's width. Wide enough, it is the full table
 * (model ids up to 44 columns, then parameters, dtype, the sizes, the fit, vLLM's KV capacity, the
 * source). Narrower, long model ids are shortened in the middle (down to 28 columns), then the
 * optional columns go in this order: source, parameters, dtype, training, vLLM's KV tokens and
 * concurrency. Below that, each model is stacked: its id on one line, its figures below.
 */
final class ScanTable {
  static final int MODEL_WIDTH = 44;
  static final int MIN_MODEL_WIDTH = 28;
  private static final int SOURCE_RESERVE = 12;

  /** One column: its header, width, whether it can be dropped, and its cell. */
  record Column(String header, int width, boolean optional, Function<Row, String> cell) {}

  private final List<Column> columns;
  private final int modelWidth;
  private final boolean source;
  private final boolean stacked;
  private final RenderOptions.UnitSystem units;
  private final int width;

  private ScanTable(
      List<Column> columns,
      int modelWidth,
      boolean source,
      boolean stacked,
      RenderOptions.UnitSystem units,
      int width) {
    this.width = width;
    this.columns = columns;
    this.modelWidth = modelWidth;
    this.source = source;
    this.stacked = stacked;
    this.units = units;
  }

  /** The layout for {@code width} columns. */
  static ScanTable of(int width, RenderOptions.UnitSystem units, boolean withFit, boolean vllm) {
    List<Column> all = all(units, withFit, vllm);
    int model = MODEL_WIDTH;
    boolean source = true;
    if (need(model, all, source) > width) {
      model = Math.max(MIN_MODEL_WIDTH, width - need(0, all, source));
    }
    if (need(model, all, source) > width) {
      source = false;
    }
    String[] dropOrder = {"PARAMS", "DTYPE", "TRAINING", "KV TOKENS", "CONCUR"};
    for (int k = 0; k < dropOrder.length && need(model, all, source) > width; k++) {
      String h = dropOrder[k];
      all.removeIf(c -> c.optional() && c.header().equals(h));
    }
    boolean stacked = need(model, all, source) > width;
    return new ScanTable(
        stacked ? all(units, withFit, vllm) : all, model, source, stacked, units, width);
  }

  private static int need(int model, List<Column> cols, boolean source) {
    int n = model;
    for (Column c : cols) {
      n += 1 + Math.abs(c.width());
    }
    return n + (source ? 2 + SOURCE_RESERVE : "  (GiB)".length());
  }

  private static List<Column> all(RenderOptions.UnitSystem u, boolean withFit, boolean vllm) {
    List<Column> c = new ArrayList<>();
    c.add(new Column("PARAMS", 10, true, r -> Units.count(r.report().model().spec().parameters())));
    c.add(new Column("DTYPE", 5, true, r -> inference(r).dtype().id()));
    c.add(new Column("WEIGHTS", 10, false, r -> size(u, inference(r).weightsBytes())));
    c.add(new Column("KV CACHE", 10, false, r -> size(u, inference(r).kvCacheBytes())));
    c.add(new Column("INFERENCE", 10, false, r -> size(u, inference(r).totalBytes())));
    c.add(
        new Column(
            "TRAINING", 10, true, r -> size(u, r.report().estimate().training().totalBytes())));
    if (withFit) {
      c.add(new Column("FIT", -14, false, r -> ScanLines.fitText(r.report().estimate().fit())));
      c.add(
          new Column(
              "TRAINING FIT",
              -30,
              true,
              r -> ScanLines.trainingFitText(r.report().estimate().fit())));
    }
    if (vllm) {
      c.add(new Column("KV TOKENS", 11, true, r -> kvTokens(inference(r))));
      c.add(new Column("CONCUR", 7, true, r -> concurrency(inference(r))));
    }
    return c;
  }

  private static InferenceEstimate inference(Row r) {
    return r.report().estimate().inference();
  }

  private static String size(RenderOptions.UnitSystem u, long bytes) {
    return String.format(Locale.ROOT, "%.2f", u.value(bytes));
  }

  static String kvTokens(InferenceEstimate i) {
    return i.kvCapacityTokens() < 0 ? "-" : Long.toString(i.kvCapacityTokens());
  }

  static String concurrency(InferenceEstimate i) {
    return i.kvCapacityTokens() < 0 ? "-" : Numbers.fixed(i.maxConcurrency(), 2) + "x";
  }

  String header() {
    if (stacked) {
      return "MODEL, then its figures (sizes in " + units.label() + ")\n";
    }
    StringBuilder sb = new StringBuilder(pad("MODEL", modelWidth));
    for (Column c : columns) {
      sb.append(' ').append(cell(c, c.header()));
    }
    String full =
        sb + (source ? "  SOURCE / ERROR  (sizes in " : "  (sizes in ") + units.label() + ")";
    String brief = sb + (source ? "  SOURCE (" : "  (") + units.label() + ")";
    return (full.length() <= width ? full : brief) + "\n";
  }

  String row(Row r) {
    if (stacked) {
      return stacked(r);
    }
    StringBuilder sb =
        new StringBuilder(pad(shorten(Printable.line(r.input()), modelWidth), modelWidth));
    for (Column c : columns) {
      sb.append(' ').append(cell(c, r.failed() ? "-" : c.cell().apply(r)));
    }
    if (r.failed()) {
      sb.append("  error: ").append(Printable.line(r.error()));
    } else if (source) {
      sb.append("  ").append(Printable.line(ScanLines.sourceText(r)));
    }
    return (source || r.failed() ? sb.toString() : sb.toString().stripTrailing()) + "\n";
  }

  /** The id on its own line, then "HEADER value" pairs, indented, wrapped at the width. */
  private String stacked(Row r) {
    StringBuilder sb = new StringBuilder(shorten(Printable.line(r.input()), width)).append('\n');
    if (r.failed()) {
      return sb.append("  error: ").append(Printable.line(r.error())).append('\n').toString();
    }
    StringBuilder line = new StringBuilder("  ");
    for (Column c : columns) {
      String part = c.header().toLowerCase(Locale.ROOT) + " " + c.cell().apply(r).strip();
      if (line.length() > 2 && line.length() + 2 + part.length() > width) {
        sb.append(line).append('\n');
        line = new StringBuilder("  ");
      } else if (line.length() > 2) {
        line.append("  ");
      }
      line.append(part);
    }
    return sb.append(line).append('\n').toString();
  }

  private static String cell(Column c, String text) {
    return c.width() < 0
        ? pad(text, -c.width())
        : String.format(Locale.ROOT, "%" + c.width() + "s", text);
  }

  private static String pad(String s, int width) {
    return String.format(Locale.ROOT, "%-" + width + "s", s);
  }

  /** {@code s} shortened in the middle to {@code width} columns: "meta-llama/Ll…-70b-chat-hf". */
  static String shorten(String s, int width) {
    if (s.length() <= width) {
      return s;
    }
    int head = (width - 1) / 2;
    int tail = width - 1 - head;
    return s.substring(0, head) + "…" + s.substring(s.length() - tail);
  }
}
