package io.hfvram.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Turns rows into output text: {@link #begin()} once, {@link #row(Row)} for each row in order,
 * {@link #end()} once. Each call returns the text to write at that point, so streaming formats
 * (table, CSV, JSONL, Markdown rows) give a row's text as soon as it arrives and buffering formats
 * (JSON, HTML) give everything from {@code end()}. A renderer keeps state between calls and is not
 * thread-safe: callers serialise the calls. Made by {@link Format}.
 */
public interface Renderer {
  /** Text before the first row (a header), maybe empty. */
  String begin();

  /** Text for one row, maybe empty when the format buffers. */
  String row(Row r);

  /** Text after the last row, maybe empty when the format streams. */
  String end();

  /**
   * Writes the text after the last row to {@code out}; a renderer whose end is large (a scan's HTML
   * page) streams it from where it kept the rows instead of building one string.
   */
  default void end(Writer out) throws IOException {
    out.write(end());
  }

  /** The whole output for these rows: begin, every row, end. */
  default String render(List<Row> rows) {
    StringBuilder sb = new StringBuilder(begin());
    for (Row r : rows) {
      sb.append(row(r));
    }
    return sb.append(end()).toString();
  }
}
