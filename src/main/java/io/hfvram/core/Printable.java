package io.hfvram.core;

/**
 * Makes text that came from outside (server error text, config strings, listing ids, file names)
 * safe to print: control characters (C0 but tab and newline, DEL, C1) and the Unicode bidi
 * overrides are written as visible escapes ({@code \x1b}, {@code \u202e}), so no escape sequence
 * (OSC 52 clipboard writes, window titles, screen clears) ever reaches a terminal raw. Text without
 * such characters is returned unchanged.
 */
public final class Printable {
  private Printable() {}

  /** The text on one line: newlines and tabs escaped too. */
  public static String line(String s) {
    return escape(s, false);
  }

  /** The text with its newlines and tabs kept, every other control character escaped. */
  public static String text(String s) {
    return escape(s, true);
  }

  /**
   * Text for a terminal: like {@link #text}, but the colour sequences hf-vram draws with (SGR: ESC
   * [ digits and semicolons m) pass; any other escape sequence is escaped.
   */
  public static String terminal(String s) {
    if (s == null || s.indexOf('\u001b') < 0) {
      return text(s);
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    int from = 0;
    for (int k = s.indexOf('\u001b'); k >= 0; k = s.indexOf('\u001b', from)) {
      int end = k + 1;
      if (end < s.length() && s.charAt(end) == '[') {
        end++;
        while (end < s.length() && (Character.isDigit(s.charAt(end)) || s.charAt(end) == ';')) {
          end++;
        }
      }
      if (end < s.length() && s.charAt(end) == 'm' && end > k + 1) {
        sb.append(text(s.substring(from, k))).append(s, k, end + 1);
        from = end + 1;
      } else {
        sb.append(text(s.substring(from, k + 1)));
        from = k + 1;
      }
    }
    return sb.append(text(s.substring(from))).toString();
  }

  /** True for a character {@link #line} escapes. */
  public static boolean unsafe(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200e
        || c == 0x200f;
  }

  private static String escape(String s, boolean keepLines) {
    if (s == null) {
      return null;
    }
    int k = 0;
    while (k < s.length() && !escaped(s.charAt(k), keepLines)) {
      k++;
    }
    if (k == s.length()) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, k);
    for (; k < s.length(); k++) {
      char c = s.charAt(k);
      if (!escaped(c, keepLines)) {
        sb.append(c);
      } else if (c <= 0xff) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }

  private static boolean escaped(char c, boolean keepLines) {
    return unsafe(c) && !(keepLines && (c == '\n' || c == '\t'));
  }
}
