package io.hfvram.report;

import io.hfvram.estimate.Gpus;
import io.hfvram.estimate.Sweeps;
import io.hfvram.estimate.Workload;
import io.hfvram.spec.DType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The --sweep table: per dtype and GPU, the longest context and the largest batch that fit. */
final class SweepReport {
  private SweepReport() {}

  /** The sweep's cells for one model: every dtype of {@link Sweeps#DTYPES} on every GPU. */
  static List<Sweeps.Cell> cells(Report r, Workload w) {
    return Sweeps.sweep(r.model().spec(), w, Gpus.all());
  }

  static String table(Report r, List<Sweeps.Cell> cells) {
    StringBuilder sb = new StringBuilder();
    var i = r.estimate().inference();
    sb.append(r.model().model())
        .append(
            String.format(
                Locale.ROOT,
                ": longest context at batch"
                    + " %d and largest batch at sequence %d, per dtype and GPU (inference, %s)%n",
                i.batchSize(),
                i.sequenceLength(),
                i.engine()));
    sb.append(String.format(Locale.ROOT, "%-11s", "GPU"));
    for (DType d : Sweeps.DTYPES) {
      sb.append(String.format(Locale.ROOT, " %21s", d + " ctx / batch"));
    }
    sb.append('\n');
    List<String> gpus = new ArrayList<>();
    for (Sweeps.Cell c : cells) {
      if (!gpus.contains(c.gpu().id())) {
        gpus.add(c.gpu().id());
      }
    }
    for (String g : gpus) {
      sb.append(String.format(Locale.ROOT, "%-11s", g));
      for (DType d : Sweeps.DTYPES) {
        for (Sweeps.Cell c : cells) {
          if (c.dtype() == d && c.gpu().id().equals(g)) {
            sb.append(String.format(Locale.ROOT, " %21s", cell(c)));
          }
        }
      }
      sb.append('\n');
    }
    sb.append(
        "(- = does not fit even at 1 token or batch 1; contexts are capped by the model's"
            + " own)\n");
    return sb.toString();
  }

  private static String cell(Sweeps.Cell c) {
    if (c.maxSequenceLength() == 0 && c.maxBatchSize() == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%,d / %,d", c.maxSequenceLength(), c.maxBatchSize());
  }

  static String markdown(Report r, List<Sweeps.Cell> cells) {
    StringBuilder sb = new StringBuilder("| GPU |");
    for (DType d : Sweeps.DTYPES) {
      sb.append(' ').append(d).append(" context / batch |");
    }
    sb.append("\n|---|");
    for (int k = 0; k < Sweeps.DTYPES.size(); k++) {
      sb.append("---:|");
    }
    sb.append('\n');
    String last = null;
    for (Sweeps.Cell c : cells) {
      if (c.dtype() != Sweeps.DTYPES.get(0)) {
        continue;
      }
      last = c.gpu().id();
      sb.append("| ").append(last).append(" |");
      for (DType d : Sweeps.DTYPES) {
        for (Sweeps.Cell x : cells) {
          if (x.dtype() == d && x.gpu().id().equals(last)) {
            sb.append(' ').append(cell(x)).append(" |");
          }
        }
      }
      sb.append('\n');
    }
    return "### " + r.model().model() + ": what fits where\n\n" + sb + "\n";
  }

  static Map<String, Object> toMap(Report r, List<Sweeps.Cell> cells) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", r.model().model());
    List<Object> rows = new ArrayList<>();
    for (Sweeps.Cell c : cells) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("dtype", c.dtype().id());
      x.put("gpu", c.gpu().id());
      x.put("gpuMemoryBytes", c.gpu().memoryBytes());
      x.put("maxSequenceLength", c.maxSequenceLength());
      x.put("maxBatchSize", c.maxBatchSize());
      rows.add(x);
    }
    m.put("sweep", rows);
    return m;
  }
}
