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
 */
final class Progress implements Scanner.Listener {
  private final PrintWriter err;
  private final Clock clock;
  private final long total;
  private final long start;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile long lastDraw;

  Progress(PrintWriter err, Clock clock, long total) {
    this.err = err;
    this.clock = clock;
    this.total = total;
    this.start = clock.millis();
  }

  @Override
  public void finished(Row row) {
    long d = done.incrementAndGet();
    long f = row.failed() ? failed.incrementAndGet() : failed.get();
    long now = clock.millis();
    if (now - lastDraw < 100 && d != total) {
      return;
    }
    lastDraw = now;
    synchronized (err) {
      err.print("\r" + line(d, f, now - start));
      err.flush();
    }
  }

  String line(long d, long f, long elapsedMillis) {
    double rate = elapsedMillis <= 0 ? 0 : d * 1000.0 / elapsedMillis;
    StringBuilder sb = new StringBuilder();
    if (total > 0) {
      int width = 24;
      int filled = (int) Math.min(width, d * width / total);
      sb.append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ");
      sb.append(d).append('/').append(total);
    } else {
      sb.append(d).append(" done");
    }
    sb.append(String.format(Locale.ROOT, "  %.1f/s", rate));
    if (total > 0 && rate > 0) {
      sb.append(String.format(Locale.ROOT, "  ETA %ds", (long) ((total - d) / rate)));
    }
    sb.append("  failures ").append(f).append("   ");
    return sb.toString();
  }

  /** Clears the bar's line. */
  void clear() {
    synchronized (err) {
      err.print("\r" + " ".repeat(78) + "\r");
      err.flush();
    }
  }
}
