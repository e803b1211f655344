package io.hfvram.report;

import io.hfvram.core.Numbers;

/**
 * Formats byte counts and parameter counts for people. Rounding happens only here; the byte formats
 * are public for the CLI's own listings (GPUs, cache).
 */
public final class Units {
  private Units() {}

  /** Bytes as GiB with two decimals, e.g. "128.48 GiB". */
  public static String gib(long bytes) {
    return Numbers.fixed(bytes / (double) (1L << 30), 2) + " GiB";
  }

  /** Bytes in the largest binary unit that keeps the number at least 1 ("320.0 KiB"). */
  public static String binary(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + " B" : Numbers.fixed(v, 1) + " " + units[u];
  }

  /** A parameter count as "68.98 B", "751.6 M", "124.4 K". */
  static String count(long n) {
    if (n >= 1_000_000_000L) {
      return Numbers.fixed(n / 1e9, 2) + " B";
    }
    if (n >= 1_000_000L) {
      return Numbers.fixed(n / 1e6, 1) + " M";
    }
    if (n >= 1_000L) {
      return Numbers.fixed(n / 1e3, 1) + " K";
    }
    return Long.toString(n);
  }

  /** A share as a percentage with one decimal. */
  static String percent(long part, long total) {
    return Numbers.fixed(total == 0 ? 0.0 : 100.0 * part / total, 1) + "%";
  }

  /** Digits grouped by thousands: 68,976,648,192. */
  static String grouped(long n) {
    return Numbers.grouped(n);
  }
}
