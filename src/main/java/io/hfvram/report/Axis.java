package io.hfvram.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A chart axis over the data's range, in display units, with round ticks (1, 2 or 5 x 10^n): linear
 * from 0, or logarithmic when one value would squash the others.
 *
 * @param lo the axis' lower end (0 for a linear axis)
 * @param hi its upper end, at or above the largest value
 * @param log whether the axis is logarithmic
 * @param ticks the tick values, ascending
 */
record Axis(double lo, double hi, boolean log, List<Double> ticks) {
  /** Ratio of the largest to the smallest value above which a scan chart goes logarithmic. */
  static final double LOG_RATIO = 30;

  Axis {
    ticks = List.copyOf(ticks);
  }

  /** A linear axis from 0 to the first round tick at or above {@code max}, about 5 ticks. */
  static Axis linear(double max) {
    double m = max > 0 && Double.isFinite(max) ? max : 1;
    double step = niceStep(m / 5);
    double hi = Math.ceil(m / step - 1e-9) * step;
    List<Double> ticks = new ArrayList<>();
    for (int k = 0; k * step <= hi + step / 1e6; k++) {
      ticks.add(k * step);
    }
    return new Axis(0, hi, false, ticks);
  }

  /** A log axis over whole decades around [min, max], ticks at 1, 2 and 5 of each decade. */
  static Axis logarithmic(double min, double max) {
    double lo = Math.pow(10, Math.floor(Math.log10(min)));
    double hi = Math.pow(10, Math.ceil(Math.log10(max)));
    if (hi <= lo) {
      hi = lo * 10;
    }
    List<Double> ticks = new ArrayList<>();
    boolean dense = Math.log10(hi / lo) <= 3;
    for (double d = lo; d <= hi * 1.0001; d *= 10) {
      for (double f : dense ? new double[] {1, 2, 5} : new double[] {1}) {
        if (d * f <= hi * 1.0001) {
          ticks.add(d * f);
        }
      }
    }
    return new Axis(lo, hi, true, ticks);
  }

  /** Linear from 0, or logarithmic when max / min of the positive values exceeds the ratio. */
  static Axis fit(double[] values) {
    double min = Arrays.stream(values).filter(v -> v > 0).min().orElse(1);
    double max = Arrays.stream(values).max().orElse(1);
    return max / min > LOG_RATIO ? logarithmic(min, max) : linear(max);
  }

  /** The smallest of 1, 2, 5 x 10^n at or above {@code raw}. */
  static double niceStep(double raw) {
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double f : new double[] {1, 2, 5, 10}) {
      if (f * p >= raw * (1 - 1e-9)) {
        return f * p;
      }
    }
    return 10 * p;
  }

  /** Where {@code v} lies on the axis, 0 at {@link #lo} and 1 at {@link #hi}, clamped. */
  double frac(double v) {
    double f;
    if (log) {
      f = v <= lo ? 0 : Math.log(v / lo) / Math.log(hi / lo);
    } else {
      f = v / hi;
    }
    return Math.max(0, Math.min(1, f));
  }

  /** A tick's label: no trailing zeros, no exponent. */
  static String label(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    String s = String.format(Locale.ROOT, "%.6f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  /**
   * Positions for labels wanted at {@code ys} (ascending order not required), moved apart to at
   * least {@code gap} and kept within [lo, hi] where the room allows; the order is kept.
   */
  static double[] spread(double[] ys, double gap, double lo, double hi) {
    Integer[] order = new Integer[ys.length];
    for (int k = 0; k < ys.length; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> Double.compare(ys[a], ys[b]));
    double[] out = ys.clone();
    double prev = Double.NEGATIVE_INFINITY;
    for (int k : order) {
      out[k] = Math.max(Math.max(out[k], lo), prev + gap);
      prev = out[k];
    }
    // Pushed past the bottom: shift the run up from the end.
    double next = Double.POSITIVE_INFINITY;
    for (int j = order.length - 1; j >= 0; j--) {
      int k = order[j];
      out[k] = Math.min(Math.min(out[k], hi), next - gap);
      next = out[k];
    }
    return out;
  }
}
