package io.hfvram.cli;

import io.hfvram.report.Row;
import io.hfvram.scan.Scanner;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar on stderr for scans: done/total, rate, ETA and failures so far, redrawn at most
 * ten times a second on one line. Only used when stderr is a terminal and --quiet is off.
 *
 * <p>Rows written to the same terminal would land after the bar on its line, so the scan calls
 * {@link #aroundRow}: the bar is erased, the row printed, and the bar drawn again below it. After
 * {@link #clear} (the end, or Ctrl-C) nothing is drawn any more.
 */
final class Progress implements Scanner.Listener {
  /** Carriage return, then ANSI "erase to the end of the line". */
  static final String ERASE = "\r\u001b[K";

  private final PrintWriter err;
  private final Clock clock;
  private final long total;
  private final long start;
  private final int width;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private long lastDraw;
  private String shown = "";
  private boolean closed;

  Progress(PrintWriter err, Clock clock, long total) {
    this(err, clock, total, 80);
  }

  /** A bar for a terminal {@code width} columns wide (the bar never wraps). */
  Progress(PrintWriter err, Clock clock, long total, int width) {
    this.err = err;
    this.clock = clock;
    this.total = total;
    this.start = clock.millis();
    this.width = Math.max(20, width);
  }

  @Override
  public void finished(Row row) {
    long d = done.incrementAndGet();
    long f = row.failed() ? failed.incrementAndGet() : failed.get();
    long now = clock.millis();
    synchronized (err) {
      if (closed || (now - lastDraw < 100 && d != total && !shown.isEmpty())) {
        return;
      }
      lastDraw = now;
      draw(line(d, f, now - start));
    }
  }

  /** Erases the bar, runs {@code printRow} (which prints and flushes a row), redraws the bar. */
  void aroundRow(Runnable printRow) {
    synchronized (err) {
      String bar = shown;
      if (!bar.isEmpty()) {
        err.print(ERASE);
        err.flush();
      }
      try {
        printRow.run();
      } finally {
        if (!bar.isEmpty() && !closed) {
          err.print(bar);
          err.flush();
        }
      }
    }
  }

  private void draw(String line) {
    String fitted = line.length() >= width ? line.substring(0, width - 1) : line;
    err.print(ERASE + fitted);
    err.flush();
    shown = fitted;
  }

  String line(long d, long f, long elapsedMillis) {
    double rate = elapsedMillis <= 0 ? 0 : d * 1000.0 / elapsedMillis;
    StringBuilder sb = new StringBuilder();
    if (total > 0) {
      int barWidth = 24;
      int filled = (int) Math.min(barWidth, d * barWidth / total);
      sb.append('[').append("#".repeat(filled)).append(".".repeat(barWidth - filled));
      sb.append("] ").append(d).append('/').append(total);
    } else {
      sb.append(d).append(" done");
    }
    sb.append(String.format(Locale.ROOT, "  %.1f/s", rate));
    if (total > 0 && rate > 0) {
      sb.append(String.format(Locale.ROOT, "  ETA %ds", (long) ((total - d) / rate)));
    }
    sb.append("  failures ").append(f);
    return sb.toString();
  }

  /** Erases the bar for good (end of the scan, or Ctrl-C): later rows draw nothing. */
  void clear() {
    synchronized (err) {
      if (!shown.isEmpty()) {
        err.print(ERASE);
        err.flush();
      }
      shown = "";
      closed = true;
    }
  }
}
