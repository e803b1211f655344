package io.hfvram.cli;

import io.hfvram.core.Numbers;
import io.hfvram.core.Printable;
import io.hfvram.estimate.Fit;
import io.hfvram.estimate.InferenceEstimate;
import io.hfvram.report.RenderOptions;
import io.hfvram.report.Report;
import java.util.List;
import java.util.Locale;

/**
 * {@code --brief}: the one-screen answer for one question: weights, KV cache, total and the fit,
 * one model after another. The full breakdown stays the default.
 */
final class Brief {
  private Brief() {}

  static String render(List<Report> reports, RenderOptions.UnitSystem units) {
    StringBuilder sb = new StringBuilder();
    for (Report r : reports) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(block(r, units));
    }
    return sb.toString();
  }

  static String block(Report r, RenderOptions.UnitSystem units) {
    InferenceEstimate i = r.estimate().inference();
    StringBuilder sb = new StringBuilder();
    sb.append(Printable.line(r.model().model()))
        .append(" (")
        .append(Numbers.fixed(r.model().spec().parameters() / 1e9, 2))
        .append(" B params, ")
        .append(i.dtype())
        .append(", batch ")
        .append(i.batchSize())
        .append(" x ")
        .append(i.sequenceLength())
        .append(" tokens)\n");
    sb.append(line("weights", units.format(i.weightsBytes())));
    sb.append(line("KV cache", units.format(i.kvCacheBytes()) + " (" + i.kvDtype() + ")"));
    sb.append(
        line(
            "total",
            units.format(i.totalBytes())
                + " to serve"
                + (i.tensorParallel() > 1 ? " per GPU (--tp " + i.tensorParallel() + ")" : "")));
    Fit f = r.estimate().fit();
    if (f != null) {
      sb.append(line("fit", fit(f)));
    }
    return sb.toString();
  }

  private static String line(String label, String value) {
    return String.format(Locale.ROOT, "  %-9s %s\n", label, value);
  }

  private static String fit(Fit f) {
    String gpu = Printable.line(f.gpu());
    if (f.fits()) {
      return "fits on one " + gpu;
    }
    return f.gpusNeeded() > 0
        ? "does not fit on one " + gpu + "; needs " + f.gpusNeeded() + " GPUs"
        : "does not fit on " + gpu;
  }
}
