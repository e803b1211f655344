package io.hfvram.report;

/** Opens ScanTable's id shortening to the CLI's tests. */
public final class ScanTableAccess {
  private ScanTableAccess() {}

  public static String shorten(String s, int width) {
    return ScanTable.shorten(s, width);
  }
}
