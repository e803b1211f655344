package io.hfvram.report;

import io.hfvram.core.Printable;
import io.hfvram.estimate.Engine;
import java.util.List;
import java.util.Locale;

/**
 * The output formats, each the factory of its renderers: {@link #models} for the estimate command
 * (one block per model, or the sweep), {@link #scan} for a scan (one row per input). The names are
 * the ones {@code --format} accepts.
 */
public enum Format {
  TABLE,
  JSON,
  MARKDOWN,
  HTML,
  CSV,
  JSONL;

  /** The formats of the estimate command, in the order its help lists them. */
  public static List<Format> forModels() {
    return List.of(TABLE, JSON, MARKDOWN, HTML);
  }

  /** The formats of a scan, in the order its help lists them. */
  public static List<Format> forScan() {
    return List.of(TABLE, CSV, JSONL, MARKDOWN, HTML);
  }

  /**
   * A renderer for the estimate command: the models one after the other (one JSON object, or an
   * array of several; one HTML page, or the scan page for several), or their sweeps when the
   * context asks. CSV and JSONL give the scan's rows. Every row must have a report (none failed).
   */
  public Renderer models(RenderContext c) {
    if (c.sweep()) {
      return sweep(c);
    }
    switch (this) {
      case TABLE:
        return new Renderers.Blocks(
            r -> Printable.terminal(TableReport.render(r, c.options())), "\n");
      case JSON:
        return new Renderers.Json(r -> JsonReport.toMap(r, c.options().explain()));
      case MARKDOWN:
        return new Renderers.Blocks(
            r -> Printable.text(MarkdownReport.render(r, c.options())), "\n");
      case HTML:
        return new Renderers.HtmlPage(c);
      default:
        return scan(c);
    }
  }

  /** A renderer for a scan: a header, then one line per row, or one HTML page at the end. */
  public Renderer scan(RenderContext c) {
    boolean fit = c.withFit();
    boolean vllm = c.workload().serving().engine() == Engine.VLLM;
    RenderOptions.UnitSystem u = c.options().units();
    switch (this) {
      case TABLE:
        ScanTable t = ScanTable.of(c.options().width(), u, fit, vllm);
        return new Renderers.Lines(t.header(), t::row);
      case CSV:
        return new Renderers.Lines(
            ScanLines.csvHeader(fit, vllm), r -> ScanLines.csv(r, fit, vllm));
      case JSONL:
        boolean explain = c.options().explain();
        return new Renderers.Lines("", r -> ScanLines.jsonl(r, explain));
      case MARKDOWN:
        return new Renderers.Lines(
            ScanLines.markdownHeader(fit, u, vllm), r -> ScanLines.markdown(r, fit, u, vllm));
      case HTML:
        return new ScanPage(c);
      default:
        throw new IllegalArgumentException(this + " is not a scan format");
    }
  }

  /** The --sweep output: a table per model, Markdown, or JSON; HTML gets the table. */
  private Renderer sweep(RenderContext c) {
    switch (this) {
      case JSON:
        return new Renderers.Json(r -> SweepReport.toMap(r, SweepReport.cells(r, c.workload())));
      case MARKDOWN:
        return new Renderers.Blocks(
            r -> Printable.text(SweepReport.markdown(r, SweepReport.cells(r, c.workload()))), "");
      default:
        return new Renderers.Blocks(
            r -> Printable.terminal(SweepReport.table(r, SweepReport.cells(r, c.workload()))), "");
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
