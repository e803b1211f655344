package io.hfvram.cli;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parses memory sizes such as "24GiB", "80GB", "512MiB", "0". A number other than 0 needs a unit:
 * "24" is refused (it would be 24 bytes, never what was meant); "B" says bytes on purpose.
 */
final class Sizes {
  private static final Pattern SIZE =
      Pattern.compile(
          "\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([kmgtp]?i?b?)?\\s*", Pattern.CASE_INSENSITIVE);

  /** The units a size may have, for messages and help. */
  static final String UNITS = "B, KiB, MiB, GiB, TiB (powers of 2) or KB, MB, GB, TB (of 10)";

  private static final Map<String, Long> MULTIPLIERS =
      Map.of(
          "", 1L,
          "k", 1_000L,
          "ki", 1L << 10,
          "m", 1_000_000L,
          "mi", 1L << 20,
          "g", 1_000_000_000L,
          "gi", 1L << 30,
          "t", 1_000_000_000_000L,
          "ti", 1L << 40);

  private Sizes() {}

  static long parse(CommandLine cmd, String option, String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new CommandLine.ParameterException(
          cmd,
          option
              + " must be a size such as 24GiB, 80GB or 512MiB; got '"
              + text
              + "' (units: "
              + UNITS
              + ")");
    }
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
    if (unit.isEmpty() && new BigDecimal(m.group(1)).signum() != 0) {
      throw new CommandLine.ParameterException(
          cmd,
          option
              + " '"
              + text.strip()
              + "' has no unit: write e.g. "
              + m.group(1)
              + "GiB; units: "
              + UNITS);
    }
    Long mult = MULTIPLIERS.get(unit.replace("b", ""));
    if (mult == null) {
      throw new CommandLine.ParameterException(
          cmd, option + ": unknown unit in '" + text + "'; units: " + UNITS);
    }
    BigDecimal v = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(mult));
    if (v.compareTo(BigDecimal.valueOf(1L << 60)) > 0) {
      throw new CommandLine.ParameterException(cmd, option + " is too large: '" + text + "'");
    }
    return v.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
  }
}
