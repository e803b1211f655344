package io.hfvram.report;

import io.hfvram.core.JsonWriter;
import io.hfvram.core.Printable;
import io.hfvram.estimate.Fit;
import io.hfvram.estimate.InferenceEstimate;
import io.hfvram.estimate.Suggestion;
import io.hfvram.estimate.TrainingEstimate;
import io.hfvram.spec.FromWeights;
import io.hfvram.spec.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The line formats of a scan: a header (maybe empty) and one line per row, each with '\n'. */
final class ScanLines {

  private ScanLines() {}

  /** The CSV header, ending in CRLF as RFC 4180 says (so do the rows). */
  static String csvHeader(boolean withFit) {
    return csvLine(columns(withFit));
  }

  static String csv(Row r, boolean withFit) {
    return csvLine(values(r, withFit));
  }

  /** The CSV header with vLLM's KV capacity columns (kvCapacityTokens, maxConcurrency). */
  static String csvHeader(boolean withFit, boolean vllm) {
    List<String> c = columns(withFit);
    if (vllm) {
      c.addAll(VLLM_COLUMNS);
    }
    return csvLine(c);
  }

  static String csv(Row r, boolean withFit, boolean vllm) {
    List<String> v = values(r, withFit);
    if (vllm) {
      v.addAll(vllmValues(r, false));
    }
    return csvLine(v);
  }

  /** vLLM's KV pool in tokens and the concurrency it allows at the sequence length. */
  static final List<String> VLLM_COLUMNS = List.of("kvCapacityTokens", "maxConcurrency");

  private static List<String> vllmValues(Row r, boolean forPeople) {
    if (r.failed() || r.report().estimate().inference().kvCapacityTokens() < 0) {
      return List.of(forPeople ? "—" : "", forPeople ? "—" : "");
    }
    InferenceEstimate i = r.report().estimate().inference();
    return List.of(
        Long.toString(i.kvCapacityTokens()),
        forPeople
            ? ScanTable.concurrency(i)
            : String.format(Locale.ROOT, "%.2f", i.maxConcurrency()));
  }

  /** The Markdown header in the given units, with vLLM's columns when asked. */
  static String markdownHeader(boolean withFit, RenderOptions.UnitSystem u, boolean vllm) {
    String h = markdownHeader(withFit);
    String[] lines = h.split("\n");
    String head = lines[0].replace(" GiB |", " " + u.label() + " |");
    String sep = lines[1];
    if (vllm) {
      int cut = head.lastIndexOf(" source / error |");
      head = head.substring(0, cut) + " KV tokens | max concurrency |" + head.substring(cut);
      sep = sep.substring(0, sep.length() - "---|".length()) + "---:|---:|---|";
    }
    return head + "\n" + sep + "\n";
  }

  static String markdown(Row r, boolean withFit, RenderOptions.UnitSystem u, boolean vllm) {
    String line = markdown(r, withFit);
    if (u != RenderOptions.UnitSystem.GIB && !r.failed()) {
      line = markdownIn(r, withFit, u);
    }
    if (!vllm) {
      return line;
    }
    List<String> extra = vllmValues(r, true);
    int cut = line.lastIndexOf(" | ", line.length() - 4);
    return line.substring(0, cut)
        + " | "
        + extra.get(0)
        + " | "
        + extra.get(1)
        + line.substring(cut);
  }

  /** A Markdown row with the sizes in {@code u} instead of GiB. */
  private static String markdownIn(Row r, boolean withFit, RenderOptions.UnitSystem u) {
    String gibLine = markdown(r, withFit);
    InferenceEstimate i = r.report().estimate().inference();
    long[] bytes = {
      i.weightsBytes(),
      i.kvCacheBytes(),
      i.totalBytes(),
      r.report().estimate().training().totalBytes()
    };
    String[] cells = gibLine.split(" \\| ", -1);
    // cells: "| model", params, dtype, weights, kv, inference, training, ...
    for (int k = 0; k < bytes.length; k++) {
      cells[3 + k] = String.format(Locale.ROOT, "%.2f", u.value(bytes[k]));
    }
    return String.join(" | ", cells);
  }

  /** A JSON line; with {@code explain}, each figure's formula and inputs as in --format json. */
  static String jsonl(Row r, boolean explain) {
    if (r.failed() || !explain) {
      return jsonl(r);
    }
    Map<String, Object> m = JsonReport.toMap(r.report(), true);
    m.put("model", r.input());
    return JsonWriter.compact(m) + "\n";
  }

  static String markdownHeader(boolean withFit) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "model",
                "params",
                "dtype",
                "weights GiB",
                "KV cache GiB",
                "inference GiB",
                "training GiB"));
    if (withFit) {
      all.add("fit");
      all.add("training fit");
    }
    all.add("source / error");
    StringBuilder sb = new StringBuilder("|");
    StringBuilder sep = new StringBuilder("|");
    for (String c : all) {
      sb.append(' ').append(c).append(" |");
      sep.append(c.endsWith("GiB") || c.equals("params") ? "---:|" : "---|");
    }
    return sb + "\n" + sep + "\n";
  }

  /** The source kind, with "approximate", "from weights" or a cross-check note when due. */
  static String sourceText(Row r) {
    String c = caveat(r.report().model().spec());
    String kind = r.report().model().source().kind();
    return c == null ? kind : kind + ", " + c;
  }

  /**
   * "approximate" (generic mapper), "from weights" (layout read from the tensors), "config and
   * weights disagree" (a cross-check assumption), or null.
   */
  static String caveat(ModelSpec s) {
    String c = s.parameterSource().caveat();
    boolean disagree =
        s.assumptions().stream().anyMatch(a -> a.startsWith(FromWeights.CROSS_CHECK));
    if (disagree) {
      return c == null ? "config and weights disagree" : c + ", config and weights disagree";
    }
    return c;
  }

  /**
   * What the table header adds after "from SOURCE": "approximate" for the generic mapper or "config
   * and weights disagree" after a failed cross-check (after a semicolon), else nothing ("from
   * weights" says itself).
   */
  static String headerCaveat(ModelSpec s) {
    String c = caveat(s);
    if (c == null || c.equals("from weights")) {
      return "";
    }
    return "; " + c.replace("from weights, ", "");
  }

  static String fitText(Fit f) {
    if (f == null) {
      return "-";
    }
    if (f.fits()) {
      return "fits";
    }
    return f.gpusNeeded() > 0 ? "no (" + f.gpusNeeded() + " GPUs)" : "no";
  }

  /** Training on the GPU: "fits", else "no; " and the planner's best flags, else "no". */
  static String trainingFitText(Fit f) {
    if (f == null) {
      return "-";
    }
    if (f.trainingFits()) {
      return "fits";
    }
    return f.suggestions().isEmpty() ? "no" : "no; " + f.suggestions().get(0).flags();
  }

  static String markdown(Row r, boolean withFit) {
    List<String> v = new ArrayList<>();
    v.add(r.input());
    if (r.failed()) {
      for (int k = 0; k < 6; k++) {
        v.add("—");
      }
      if (withFit) {
        v.add("—");
        v.add("—");
      }
      v.add("error: " + r.error());
    } else {
      ModelSpec s = r.report().model().spec();
      InferenceEstimate i = r.report().estimate().inference();
      v.add(Units.count(s.parameters()));
      v.add(i.dtype().id());
      v.add(String.format(Locale.ROOT, "%.2f", gib(i.weightsBytes())));
      v.add(String.format(Locale.ROOT, "%.2f", gib(i.kvCacheBytes())));
      v.add(String.format(Locale.ROOT, "%.2f", gib(i.totalBytes())));
      v.add(String.format(Locale.ROOT, "%.2f", gib(r.report().estimate().training().totalBytes())));
      if (withFit) {
        v.add(fitText(r.report().estimate().fit()));
        v.add(trainingFitText(r.report().estimate().fit()));
      }
      v.add(sourceText(r));
    }
    StringBuilder sb = new StringBuilder("|");
    for (String x : v) {
      sb.append(' ').append(Printable.line(x.replace("|", "\\|").replace("\n", " "))).append(" |");
    }
    return sb.append('\n').toString();
  }

  static String jsonl(Row r) {
    Map<String, Object> m;
    if (r.failed()) {
      m = new LinkedHashMap<>();
      m.put("model", r.input());
      m.put("error", r.error());
    } else {
      m = JsonReport.toMap(r.report());
      m.put("model", r.input());
    }
    return JsonWriter.compact(m) + "\n";
  }

  static List<String> columns(boolean withFit) {
    List<String> c =
        new ArrayList<>(
            List.of(
                "model",
                "error",
                "source",
                "modelType",
                "parameters",
                "parameterSource",
                "activeParameters",
                "dtype",
                "kvDtype",
                "batchSize",
                "sequenceLength",
                "weightsBytes",
                "kvCacheBytes",
                "kvCacheBytesPerToken",
                "activationBytes",
                "overheadBytes",
                "inferenceTotalBytes",
                "trainingMethod",
                "trainingTotalBytes"));
    if (withFit) {
      c.addAll(
          List.of(
              "gpu",
              "gpuMemoryBytes",
              "fits",
              "gpusNeeded",
              "maxSequenceLength",
              "maxBatchSize",
              "trainingFits",
              "trainingSuggestion",
              "trainingSuggestionTotalBytes",
              "trainingSuggestionGpus"));
    }
    return c;
  }

  static List<String> values(Row r, boolean withFit) {
    List<String> v = new ArrayList<>();
    v.add(r.input());
    if (r.failed()) {
      v.add(r.error());
      while (v.size() < columns(withFit).size()) {
        v.add("");
      }
      return v;
    }
    ModelSpec s = r.report().model().spec();
    InferenceEstimate i = r.report().estimate().inference();
    TrainingEstimate t = r.report().estimate().training();
    v.add("");
    v.add(r.report().model().source().kind());
    v.add(s.modelType());
    v.add(Long.toString(s.parameters()));
    v.add(s.parameterSource().id());
    v.add(Long.toString(s.activeParameters()));
    v.add(i.dtype().id());
    v.add(i.kvDtype().id());
    v.add(Long.toString(i.batchSize()));
    v.add(Long.toString(i.sequenceLength()));
    v.add(Long.toString(i.weightsBytes()));
    v.add(Long.toString(i.kvCacheBytes()));
    v.add(Long.toString(i.kvCacheBytesPerToken()));
    v.add(Long.toString(i.activationBytes()));
    v.add(Long.toString(i.overheadBytes()));
    v.add(Long.toString(i.totalBytes()));
    v.add(t.method().id());
    v.add(Long.toString(t.totalBytes()));
    if (withFit) {
      Fit f = r.report().estimate().fit();
      v.add(f.gpu());
      v.add(Long.toString(f.gpuMemoryBytes()));
      v.add(Boolean.toString(f.fits()));
      v.add(Integer.toString(f.gpusNeeded()));
      v.add(Long.toString(f.maxSequenceLength()));
      v.add(Long.toString(f.maxBatchSize()));
      v.add(Boolean.toString(f.trainingFits()));
      Suggestion best = f.suggestions().isEmpty() ? null : f.suggestions().get(0);
      v.add(best == null ? "" : best.flags());
      v.add(best == null ? "" : Long.toString(best.totalBytes()));
      v.add(best == null ? "" : Integer.toString(best.gpus()));
    }
    return v;
  }

  /**
   * An RFC 4180 record: fields with commas, quotes or line breaks quoted, quotes doubled. Every
   * field goes through {@link #cell}: no control characters, no spreadsheet formulas.
   */
  static String csvLine(List<String> fields) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < fields.size(); k++) {
      if (k > 0) {
        sb.append(',');
      }
      String f = cell(fields.get(k));
      if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
        sb.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(f);
      }
    }
    return sb.append("\r\n").toString();
  }

  /**
   * A CSV cell safe to open in a spreadsheet: control characters (which include tab and CR)
   * dropped, and a text cell that starts with '=', '+', '-', '@', tab or CR (a formula to Excel,
   * LibreOffice and Sheets) prefixed with a single quote, as OWASP's CSV-injection advice says.
   * Numbers (our own, maybe negative) stay as they are.
   */
  static String cell(String f) {
    if (f == null || f.isEmpty()) {
      return "";
    }
    if (NUMBER.matcher(f).matches()) {
      return f;
    }
    char c0 = f.charAt(0);
    boolean formula = c0 == '=' || c0 == '+' || c0 == '-' || c0 == '@' || c0 == '\t' || c0 == '\r';
    StringBuilder sb = new StringBuilder(f.length() + 1);
    if (formula) {
      sb.append('\'');
    }
    for (int k = 0; k < f.length(); k++) {
      char c = f.charAt(k);
      if (!Printable.unsafe(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

  private static double gib(long bytes) {
    return bytes / (double) (1L << 30);
  }
}
