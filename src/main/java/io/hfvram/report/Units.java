package io.hfvram.report;

import java.util.Locale;

/** Formats byte counts and parameter counts for people. Rounding happens only here. */
public final class Units {
  private Units() {}

  /** Bytes as GiB with two decimals, e.g. "128.48 GiB". */
  public static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
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
    return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** A parameter count as "68.98 B", "751.6 M", "124.4 K". */
  public static String count(long n) {
    if (n >= 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.2f B", n / 1e9);
    }
    if (n >= 1_000_000L) {
      return String.format(Locale.ROOT, "%.1f M", n / 1e6);
    }
    if (n >= 1_000L) {
      return String.format(Locale.ROOT, "%.1f K", n / 1e3);
    }
    return Long.toString(n);
  }

  /** A share as a percentage with one decimal. */
  public static String percent(long part, long total) {
    return String.format(Locale.ROOT, "%.1f%%", total == 0 ? 0.0 : 100.0 * part / total);
  }

  /** Digits grouped by thousands: 68,976,648,192. */
  public static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
