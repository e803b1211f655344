package io.hfvram.spec;

import io.hfvram.core.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed, validated access to a parsed config.json object. Every read names its key in errors, and
 * every default applied for an absent key is recorded as an assumption, so the output can say which
 * figures came from the file and which from class defaults.
 */
public final class RawConfig {
  /** Upper bound for any width (hidden size, head dim, intermediate size...). */
  static final long MAX_WIDTH = 1L << 22;

  /** Upper bound for layer, head and expert counts. */
  static final long MAX_COUNT = 1L << 16;

  /** Upper bound for vocabulary sizes. */
  static final long MAX_VOCAB = 1L << 26;

  /** Upper bound for context lengths. */
  static final long MAX_CONTEXT = 1L << 40;

  /** Largest exponent (either sign) a number is expanded to its plain digits for in messages. */
  private static final int MAX_PLAIN_SCALE = 2000;

  private final Map<String, Object> map;
  private final String file;
  private final String prefix;
  private final List<String> assumptions;

  private RawConfig(Map<String, Object> map, String file, String prefix, List<String> trail) {
    this.map = map;
    this.file = file;
    this.prefix = prefix;
    this.assumptions = trail;
  }

  /** Wraps a parsed document, which must be a JSON object. */
  @SuppressWarnings("unchecked")
  public static RawConfig of(Object parsed, String file) throws InvalidConfigException {
    if (!(parsed instanceof Map)) {
      throw new InvalidConfigException(
          file, null, "is not a JSON object (config.json must be an object of keys)");
    }
    return new RawConfig((Map<String, Object>) parsed, file, "", new ArrayList<>());
  }

  /** An empty object that shares this config's file name and assumptions trail. */
  public RawConfig empty(String key) {
    return new RawConfig(new java.util.HashMap<>(), file, prefix + key + ".", assumptions);
  }

  /** The file name used in messages. */
  public String file() {
    return file;
  }

  /** Assumptions recorded so far (shared with nested configs). */
  public List<String> assumptions() {
    return assumptions;
  }

  /** Records an assumption. */
  public void assume(String sentence) {
    if (!assumptions.contains(sentence)) {
      assumptions.add(sentence);
    }
  }

  /** The raw key-value map. */
  public Map<String, Object> raw() {
    return map;
  }

  private String name(String key) {
    return prefix + key;
  }

  /** True when the key is present with a non-null value. */
  public boolean has(String key) {
    return map.get(key) != null;
  }

  /** The nested object under {@code key}, or null when absent or null. */
  @SuppressWarnings("unchecked")
  public RawConfig child(String key) throws InvalidConfigException {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map)) {
      throw new InvalidConfigException(file, name(key), "must be an object, got " + kind(v));
    }
    return new RawConfig((Map<String, Object>) v, file, name(key) + ".", assumptions);
  }

  /** The first present key's string value, else the default (recording nothing). */
  public String string(String dflt, String... keys) throws InvalidConfigException {
    for (String k : keys) {
      Object v = map.get(k);
      if (v == null) {
        continue;
      }
      if (!(v instanceof String)) {
        throw new InvalidConfigException(file, name(k), "must be a string, got " + kind(v));
      }
      return (String) v;
    }
    return dflt;
  }

  /** The first element of a string list (e.g. {@code architectures}), or null. */
  public String firstString(String key) throws InvalidConfigException {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof String) {
      return (String) v;
    }
    if (!(v instanceof List)) {
      throw new InvalidConfigException(file, name(key), "must be a list, got " + kind(v));
    }
    List<?> list = (List<?>) v;
    if (list.isEmpty()) {
      return null;
    }
    if (!(list.get(0) instanceof String)) {
      throw new InvalidConfigException(file, name(key), "must list strings");
    }
    return (String) list.get(0);
  }

  /** A list value, or null when absent. */
  public List<?> list(String key) throws InvalidConfigException {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List)) {
      throw new InvalidConfigException(file, name(key), "must be a list, got " + kind(v));
    }
    return (List<?>) v;
  }

  /** The first present key's boolean value, else the default, recorded as an assumption. */
  public boolean bool(boolean dflt, String why, String... keys) throws InvalidConfigException {
    for (String k : keys) {
      Object v = map.get(k);
      if (v == null) {
        continue;
      }
      if (!(v instanceof Boolean)) {
        throw new InvalidConfigException(file, name(k), "must be true or false, got " + kind(v));
      }
      return (Boolean) v;
    }
    if (why != null) {
      assume("'" + name(keys[0]) + "' absent: " + dflt + " (" + why + ")");
    }
    return dflt;
  }

  /**
   * The first present key's integer value, checked to lie in [min, max]; throws naming the key when
   * no key is present.
   */
  public long require(long min, long max, String... keys) throws InvalidConfigException {
    Long v = find(min, max, keys);
    if (v == null) {
      throw new InvalidConfigException(
          file,
          name(keys[0]),
          "is missing"
              + (keys.length > 1 ? " (also looked for " + others(keys) + ")" : "")
              + "; hf-vram needs it to size the model");
    }
    return v;
  }

  /** Like {@link #require} but returns the default, recorded with {@code why}, when absent. */
  public long integer(long dflt, String why, long min, long max, String... keys)
      throws InvalidConfigException {
    Long v = find(min, max, keys);
    if (v != null) {
      return v;
    }
    if (why != null) {
      assume("'" + name(keys[0]) + "' absent: " + dflt + " (" + why + ")");
    }
    return dflt;
  }

  /** The first present key's integer value checked against [min, max], or null if none. */
  public Long find(long min, long max, String... keys) throws InvalidConfigException {
    for (String k : keys) {
      Object v = map.get(k);
      if (v == null) {
        continue;
      }
      long n = toLong(k, v);
      if (n < min) {
        throw new InvalidConfigException(file, name(k), "is " + n + " but must be at least " + min);
      }
      if (n > max) {
        throw new InvalidConfigException(
            file,
            name(k),
            "is " + n + ", beyond the sane limit of " + max + "; is the config corrupt?");
      }
      return n;
    }
    return null;
  }

  /** A real number (e.g. {@code partial_rotary_factor}), checked to lie in [min, max]. */
  public double real(double dflt, double min, double max, String... keys)
      throws InvalidConfigException {
    for (String k : keys) {
      Object v = map.get(k);
      if (v == null) {
        continue;
      }
      BigDecimal d = Json.decimal(v);
      if (d == null) {
        throw new InvalidConfigException(file, name(k), "must be a number, got " + kind(v));
      }
      double x = d.doubleValue();
      if (!(x >= min && x <= max)) {
        throw new InvalidConfigException(
            file, name(k), "is " + plain(d) + " but must lie between " + min + " and " + max);
      }
      return x;
    }
    return dflt;
  }

  private long toLong(String k, Object v) throws InvalidConfigException {
    if (v instanceof Long) {
      return (Long) v;
    }
    if (v instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) v;
      try {
        return d.longValueExact();
      } catch (ArithmeticException e) {
        // a positive scale only: stripping zeros from a scale near -2^31 would overflow it
        if (d.scale() > 0 && d.stripTrailingZeros().scale() > 0) {
          throw new InvalidConfigException(
              file, name(k), "must be a whole number, got " + plain(d));
        }
        throw new InvalidConfigException(
            file, name(k), "is " + shorten(plain(d)) + ", far beyond any sane value");
      }
    }
    if (v instanceof Double) {
      throw new InvalidConfigException(file, name(k), "must be a whole number, got " + v);
    }
    throw new InvalidConfigException(file, name(k), "must be a whole number, got " + kind(v));
  }

  private static String shorten(String s) {
    if (s.indexOf('E') >= 0) {
      return s;
    }
    return s.length() > 40 ? s.substring(0, 20) + "...(" + s.length() + " digits)" : s;
  }

  /**
   * A number as written in messages: its plain digits while they stay short enough to print, else
   * scientific notation with a shortened mantissa. A short literal such as {@code 1e-999999999}
   * must never be expanded: its plain form is a billion digits.
   */
  static String plain(BigDecimal d) {
    if (Math.abs((long) d.scale()) <= MAX_PLAIN_SCALE) {
      return d.toPlainString();
    }
    String s = d.toString(); // scientific here: the scale is far from zero
    int e = s.indexOf('E');
    return e > 24 ? s.substring(0, 21) + "..." + s.substring(e) : s;
  }

  private String others(String[] keys) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < keys.length; i++) {
      if (i > 1) {
        sb.append(", ");
      }
      sb.append('\'').append(name(keys[i])).append('\'');
    }
    return sb.toString();
  }

  /** A short description of a JSON value's type for messages. */
  static String kind(Object v) {
    if (v instanceof String) {
      String s = (String) v;
      return "the string \"" + (s.length() > 30 ? s.substring(0, 30) + "..." : s) + "\"";
    }
    if (v instanceof Boolean) {
      return "the boolean " + v;
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List) {
      return "a list";
    }
    if (v instanceof Double) {
      return String.valueOf(v);
    }
    return String.valueOf(v);
  }

  /** An error about this config. */
  public InvalidConfigException error(String key, String problem) {
    return new InvalidConfigException(file, key == null ? null : name(key), problem);
  }
}
