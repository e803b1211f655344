package io.hfvram.core;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * Writes plain Java values ({@link Map}, {@link Collection}, strings, numbers, booleans, null) as
 * pretty-printed JSON with two-space indentation. Keys keep the map's order.
 */
public final class JsonWriter {
  private JsonWriter() {}

  /** Pretty JSON, no trailing newline. */
  public static String pretty(Object value) {
    StringBuilder sb = new StringBuilder(1024);
    write(sb, value, 0, true);
    return sb.toString();
  }

  /** Compact JSON on one line. */
  public static String compact(Object value) {
    StringBuilder sb = new StringBuilder(512);
    write(sb, value, 0, false);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, int indent, boolean pretty) {
    if (v instanceof Map<?, ?>) {
      object(sb, (Map<?, ?>) v, indent, pretty);
    } else if (v instanceof Collection<?>) {
      array(sb, (Collection<?>) v, indent, pretty);
    } else {
      scalar(sb, v);
    }
  }

  /** Null, a string, a number, a boolean, an enum; anything else as its string. */
  private static void scalar(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String) {
      quote(sb, (String) v);
    } else if (v instanceof Boolean || v instanceof Long || v instanceof Integer) {
      sb.append(v);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        sb.append("null");
      } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        sb.append((long) d);
      } else {
        sb.append(BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
      }
    } else if (v instanceof BigDecimal) {
      sb.append(((BigDecimal) v).toPlainString());
    } else if (v instanceof Number) {
      sb.append(v);
    } else {
      quote(sb, v.toString());
    }
  }

  private static void object(StringBuilder sb, Map<?, ?> m, int indent, boolean pretty) {
    if (m.isEmpty()) {
      sb.append("{}");
      return;
    }
    sb.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      newline(sb, indent + 1, pretty);
      quote(sb, String.valueOf(e.getKey()));
      sb.append(pretty ? ": " : ":");
      write(sb, e.getValue(), indent + 1, pretty);
    }
    newline(sb, indent, pretty);
    sb.append('}');
  }

  private static void array(StringBuilder sb, Collection<?> c, int indent, boolean pretty) {
    if (c.isEmpty()) {
      sb.append("[]");
      return;
    }
    sb.append('[');
    boolean first = true;
    for (Object e : c) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      newline(sb, indent + 1, pretty);
      write(sb, e, indent + 1, pretty);
    }
    newline(sb, indent, pretty);
    sb.append(']');
  }

  private static void newline(StringBuilder sb, int indent, boolean pretty) {
    if (!pretty) {
      return;
    }
    sb.append('\n');
    for (int i = 0; i < indent; i++) {
      sb.append("  ");
    }
  }

  /** Appends a JSON string literal. */
  public static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (Printable.unsafe(c) || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }
}
