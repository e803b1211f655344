package io.hfvram.core;

/**
 * Number formatting without java.util.Formatter: String.format initialises the locale service
 * providers, which costs tens of milliseconds of start-up; these produce the same text as {@code
 * String.format(Locale.ROOT, "%,d" / "%.Nf")}.
 */
public final class Numbers {
  private Numbers() {}

  /** {@code a / b} rounded up, for non-negative {@code a} and positive {@code b}. */
  public static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** Digits grouped by thousands with commas: 68,976,648,192. */
  public static String grouped(long n) {
    String digits = Long.toString(Math.abs(n));
    StringBuilder sb = new StringBuilder(digits.length() + 8);
    if (n < 0) {
      sb.append('-');
    }
    int lead = digits.length() % 3;
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && (i - lead) % 3 == 0) {
        sb.append(',');
      }
      sb.append(digits.charAt(i));
    }
    return sb.toString();
  }

  /** A fixed-point number with {@code decimals} digits after the point, rounded half up. */
  public static String fixed(double v, int decimals) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    return new java.math.BigDecimal(Double.toString(v))
        .setScale(decimals, java.math.RoundingMode.HALF_UP)
        .toPlainString();
  }

  /** Left-pads to {@code width}. */
  public static String right(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }

  /** Right-pads to {@code width}. */
  public static String left(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
