package io.hfvram.report;

import io.hfvram.core.JsonWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The renderers {@link Format} makes: streaming blocks and lines, buffering JSON and HTML. */
final class Renderers {
  private Renderers() {}

  /** Streams one block of text per report, the blocks apart by a separator. */
  static final class Blocks implements Renderer {
    private final Function<Report, String> block;
    private final String separator;
    private int count;

    Blocks(Function<Report, String> block, String separator) {
      this.block = block;
      this.separator = separator;
    }

    @Override
    public String begin() {
      return "";
    }

    @Override
    public String row(Row r) {
      return (count++ > 0 ? separator : "") + block.apply(r.report());
    }

    @Override
    public String end() {
      return "";
    }
  }

  /** Streams a header, then one line per row (scan tables, CSV, JSONL, Markdown). */
  static final class Lines implements Renderer {
    private final String header;
    private final Function<Row, String> line;

    Lines(String header, Function<Row, String> line) {
      this.header = header;
      this.line = line;
    }

    @Override
    public String begin() {
      return header;
    }

    @Override
    public String row(Row r) {
      return line.apply(r);
    }

    @Override
    public String end() {
      return "";
    }
  }

  /** Buffers one JSON value per report; at the end, the one value or an array of them. */
  static final class Json implements Renderer {
    private final Function<Report, Object> value;
    private final List<Object> values = new ArrayList<>();

    Json(Function<Report, Object> value) {
      this.value = value;
    }

    @Override
    public String begin() {
      return "";
    }

    @Override
    public String row(Row r) {
      values.add(value.apply(r.report()));
      return "";
    }

    @Override
    public String end() {
      return JsonWriter.pretty(values.size() == 1 ? values.get(0) : values) + "\n";
    }
  }

  /** Buffers the rows; at the end, a model's HTML report, or the scan page for several. */
  static final class HtmlPage implements Renderer {
    private final RenderContext context;
    private final List<Row> rows = new ArrayList<>();

    HtmlPage(RenderContext context) {
      this.context = context;
    }

    @Override
    public String begin() {
      return "";
    }

    @Override
    public String row(Row r) {
      rows.add(r);
      return "";
    }

    @Override
    public String end() {
      return rows.size() == 1
          ? HtmlReport.render(rows.get(0).report(), context)
          : HtmlScanReport.render(rows, context);
    }
  }
}
