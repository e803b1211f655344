package io.hfvram.report;

import io.hfvram.core.Numbers;
import java.util.Locale;

/**
 * How a report is drawn for people.
 *
 * @param color ANSI colours (only when stdout is a terminal and NO_COLOR is unset)
 * @param width columns available (the terminal's width)
 * @param units binary GiB or decimal GB
 * @param explain show every figure's formula with its inputs
 */
public record RenderOptions(boolean color, int width, UnitSystem units, boolean explain) {
  public RenderOptions {
    width = Math.max(40, Math.min(width, 240));
    if (units == null) {
      units = UnitSystem.GIB;
    }
  }

  /** Plain text, 100 columns, GiB: what files and golden tests get. */
  public static RenderOptions plain() {
    return new RenderOptions(false, 100, UnitSystem.GIB, false);
  }

  /** Binary or decimal size units. */
  public enum UnitSystem {
    GIB(1L << 30, "GiB", "GiB = 2^30 bytes"),
    GB(1_000_000_000L, "GB", "GB = 10^9 bytes");

    final long divisor;
    final String label;
    final String note;

    UnitSystem(long divisor, String label, String note) {
      this.divisor = divisor;
      this.label = label;
      this.note = note;
    }

    /** Bytes in this unit with two decimals and the unit's label. */
    public String format(long bytes) {
      return Numbers.fixed(bytes / (double) divisor, 2) + " " + label;
    }

    /** The number alone. */
    public double value(long bytes) {
      return bytes / (double) divisor;
    }

    public String label() {
      return label;
    }

    public String note() {
      return note;
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
