package io.hfvram.report;

/**
 * One output row: the input and either its report or its error. A scan makes one per input line;
 * the estimate command one per model.
 *
 * @param index 0-based position among the inputs (input order)
 * @param input the input as written (a Hub id, path or .gguf file)
 * @param report the estimate, or null when the row failed
 * @param error one line saying what went wrong, or null
 */
public record Row(long index, String input, Report report, String error) {
  /** A successful row named after its model. */
  public static Row of(long index, Report report) {
    return new Row(index, report.model().model(), report, null);
  }

  /** True when the row failed. */
  public boolean failed() {
    return error != null;
  }
}
