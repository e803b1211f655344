package io.hfvram.report;

import io.hfvram.report.Report;

/**
 * One output row of a scan: the input line and either its report or its error.
 *
 * @param index 0-based position among the inputs (input order)
 * @param input the input as written (a Hub id, path or .gguf file)
 * @param report the estimate, or null when the row failed
 * @param error one line saying what went wrong, or null
 */
public record Row(long index, String input, Report report, String error) {
  /** True when the row failed. */
  public boolean failed() {
    return error != null;
  }
}
