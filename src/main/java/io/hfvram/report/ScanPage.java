package io.hfvram.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A scan's HTML page built row by row in bounded memory: each row's table HTML is kept as text
 * (never the report), spilled to a temporary file past {@link #MEMORY_CHARS} characters and copied
 * out at the end; the chart draws the first {@link #MAX_CHART_BARS} models estimated and says how
 * many more the table lists. Not thread-safe (a {@link Renderer}).
 */
final class ScanPage implements Renderer {
  /** Bars drawn at most; more models are in the table only. */
  static final int MAX_CHART_BARS = 500;

  /** Row text kept in memory before the rows go to a temporary file. */
  static final int MEMORY_CHARS = 4 << 20;

  private final RenderContext context;
  private final List<HtmlScanReport.Bar> bars = new ArrayList<>();
  private final StringBuilder buffer = new StringBuilder();
  private final int memoryChars;
  private Report first;
  private long rows;
  private long omitted;
  private Path spill;
  private Writer spillOut;

  ScanPage(RenderContext context) {
    this(context, MEMORY_CHARS);
  }

  ScanPage(RenderContext context, int memoryChars) {
    this.context = context;
    this.memoryChars = memoryChars;
  }

  @Override
  public String begin() {
    return "";
  }

  @Override
  public String row(Row r) {
    rows++;
    if (!r.failed()) {
      if (first == null) {
        first = r.report();
      }
      if (bars.size() < MAX_CHART_BARS) {
        bars.add(HtmlScanReport.Bar.of(r));
      } else {
        omitted++;
      }
    }
    buffer.append(HtmlScanReport.row(r, context));
    if (buffer.length() > memoryChars) {
      try {
        spill();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return "";
  }

  /** Moves the buffered rows to the temporary file (made on first use). */
  private void spill() throws IOException {
    if (spillOut == null) {
      spill = Files.createTempFile("hf-vram-scan-", ".html.part");
      spill.toFile().deleteOnExit();
      spillOut = Files.newBufferedWriter(spill, StandardCharsets.UTF_8);
    }
    spillOut.append(buffer);
    buffer.setLength(0);
  }

  /** True once rows went to a temporary file. */
  boolean spilled() {
    return spill != null;
  }

  @Override
  public String end() {
    StringWriter w = new StringWriter();
    try {
      end(w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  @Override
  public void end(Writer out) throws IOException {
    out.write(HtmlScanReport.top(rows, first, bars, omitted, context));
    if (spill != null) {
      spill();
      spillOut.close();
      try (BufferedReader in = Files.newBufferedReader(spill, StandardCharsets.UTF_8)) {
        in.transferTo(out);
      } finally {
        Files.deleteIfExists(spill);
      }
    } else {
      out.write(buffer.toString());
    }
    out.write(HtmlScanReport.bottom(context));
  }
}
